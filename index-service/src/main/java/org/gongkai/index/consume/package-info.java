/**
 * Consuming {@code notices.enriched}: the batch listener, the planner that turns a poll into index and delete
 * operations, the dead-letter path to {@code notices.enriched-dlt}, the Kafka error handler and the readiness of the
 * writing path. Writes go through {@code write}, documents come from {@code document}.
 */
package org.gongkai.index.consume;
