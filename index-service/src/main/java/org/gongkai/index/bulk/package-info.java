/**
 * Writing: the batch listener on {@code notices.enriched}, the planner that turns a poll into index and delete
 * operations, the bulk indexer with per-item retries, and the dead-letter path to {@code notices.enriched-dlt}.
 * The only Elasticsearch call is behind {@link org.gongkai.index.bulk.BulkExecutor}.
 */
package org.gongkai.index.bulk;
