/**
 * Writing operations to Elasticsearch: {@code _bulk} requests with per-item outcomes, retries and their budget. The
 * only Elasticsearch call is behind {@link org.gongkai.index.write.BulkExecutor}. Knows nothing of Kafka beyond the
 * source record an operation carries for its dead letter.
 */
package org.gongkai.index.write;
