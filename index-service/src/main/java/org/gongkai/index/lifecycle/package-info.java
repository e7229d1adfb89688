/**
 * Index lifecycle: the index template with its strict mapping ({@code elasticsearch/notices-template.json}), the
 * idempotent bootstrap of template, index {@code NAME-vN} and aliases, run in the background at start-up (it starts
 * the listener once the index exists), and the last step of a migration by replay, the atomic
 * {@link org.gongkai.index.lifecycle.AliasCutOver}.
 */
package org.gongkai.index.lifecycle;
