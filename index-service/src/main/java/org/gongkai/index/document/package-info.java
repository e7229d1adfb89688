/**
 * The stored document: {@link org.gongkai.index.document.NoticeDocument} built from an event and its streamed JSON
 * ({@link org.gongkai.index.document.DocumentJson}), which must match the index template's strict mapping.
 */
package org.gongkai.index.document;
