/**
 * Index lifecycle: the stored document ({@link org.gongkai.index.mapping.NoticeDocument}), the index template with
 * its strict mapping ({@code elasticsearch/notices-template.json}), the idempotent bootstrap of template, index
 * {@code NAME-vN} and aliases, run in the background at start-up, and the last step of a migration by replay, the
 * atomic {@link org.gongkai.index.mapping.AliasCutOver}. A new mapping is a new template and a new index version,
 * built by an instance in replay mode (see the module's README).
 */
package org.gongkai.index.mapping;
