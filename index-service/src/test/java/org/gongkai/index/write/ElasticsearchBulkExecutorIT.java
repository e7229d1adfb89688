package org.gongkai.index.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.gongkai.events.Topics;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bulk executor against a real Elasticsearch node: what its filtered, streamed reading of real responses makes of
 * each kind of item outcome, and of requests refused as a whole. Uses an index of its own with a strict one-field
 * mapping (independent of the notices template) behind a write alias.
 */
class ElasticsearchBulkExecutorIT {

    private static RestClient rest;
    private static String index;
    private static String alias;

    @BeforeAll
    static void createIndex() throws Exception {
        rest = RestClient.builder(HttpHost.create(RealServers.elasticsearchUrl()))
                .build();
        String base = "bulk-executor-it-" + UUID.randomUUID().toString().substring(0, 8);
        index = base + "-v1";
        alias = base + "-write";
        Request create = new Request("PUT", "/" + index);
        create.setJsonEntity("""
                {"settings":{"number_of_shards":1,"number_of_replicas":0},
                 "mappings":{"dynamic":"strict","properties":{"title":{"type":"keyword"}}},
                 "aliases":{"%s":{}}}
                """.formatted(alias));
        rest.performRequest(create);
    }

    @AfterAll
    static void deleteIndex() throws Exception {
        rest.performRequest(new Request("DELETE", "/" + index));
        rest.close();
    }

    @Test
    void eachItemGetsItsOwnOutcome() throws Exception {
        ElasticsearchBulkExecutor executor = new ElasticsearchBulkExecutor(rest, alias);
        String id = "n-" + UUID.randomUUID();
        String gone = "n-" + UUID.randomUUID();
        executor.execute(List.of(index(gone, 5, "{\"title\":\"old\"}")));

        List<IndexOperation> ops = List.of(
                index(id, 10, "{\"title\":\"退役军人事务局\"}"), // created
                index(id, 10, "{\"title\":\"same version\"}"), // duplicate: conflict
                index(id, 9, "{\"title\":\"older\"}"), // older: conflict
                index("n-" + UUID.randomUUID(), 1, "{\"unknown\":1}"), // strict mapping
                IndexOperation.delete(record(), gone, 6), // versioned delete
                IndexOperation.delete(record(), "n-" + UUID.randomUUID()), // nothing to delete
                index(id, 11, "{\"title\":\"newer\"}")); // updated
        List<ItemResult> results = executor.execute(ops);

        List<ItemOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            outcomes.add(ItemOutcome.of(ops.get(i).kind(), results.get(i)));
        }
        assertThat(outcomes)
                .containsExactly(
                        ItemOutcome.INDEXED,
                        ItemOutcome.STALE,
                        ItemOutcome.STALE,
                        ItemOutcome.REJECTED,
                        ItemOutcome.DELETED,
                        ItemOutcome.DELETED,
                        ItemOutcome.INDEXED);
        assertThat(results.get(1).errorType()).isEqualTo("version_conflict_engine_exception");
        assertThat(results.get(3).status()).isEqualTo(400);
        assertThat(results.get(3).errorType()).isEqualTo("strict_dynamic_mapping_exception");
        assertThat(results.get(3).reason()).contains("unknown");
        // the stale version after the deleted one is refused: the delete kept its version
        assertThat(ItemOutcome.of(
                        IndexOperation.Kind.INDEX,
                        executor.execute(List.of(index(gone, 5, "{\"title\":\"replayed\"}")))
                                .get(0)))
                .isEqualTo(ItemOutcome.STALE);
    }

    @Test
    void aMissingAliasIsRetriedNeverAutoCreated() throws Exception {
        String missing =
                "bulk-executor-it-missing-" + UUID.randomUUID().toString().substring(0, 8);
        ElasticsearchBulkExecutor executor = new ElasticsearchBulkExecutor(rest, missing);

        List<ItemResult> results = executor.execute(List.of(index("a", 1, "{\"title\":\"x\"}"), delete("b")));

        assertThat(results).hasSize(2).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(404);
            assertThat(result.errorType()).isEqualTo("index_not_found_exception");
            assertThat(ItemOutcome.retryCause(result)).isEqualTo("index-missing");
        });
        assertThat(rest.performRequest(new Request("HEAD", "/" + missing))
                        .getStatusLine()
                        .getStatusCode())
                .isEqualTo(404);
    }

    @Test
    void aWriteBlockedIndexIsRetriedNotRejected() throws Exception {
        ElasticsearchBulkExecutor executor = new ElasticsearchBulkExecutor(rest, alias);
        Request block = new Request("PUT", "/" + index + "/_block/write");
        rest.performRequest(block);
        try {
            List<ItemResult> results =
                    executor.execute(List.of(index("n-" + UUID.randomUUID(), 1, "{\"title\":\"x\"}")));

            assertThat(results).hasSize(1);
            assertThat(results.get(0).errorType()).isEqualTo("cluster_block_exception");
            assertThat(ItemOutcome.of(IndexOperation.Kind.INDEX, results.get(0)))
                    .isEqualTo(ItemOutcome.RETRY);
        } finally {
            Request unblock = new Request("PUT", "/" + index + "/_settings");
            unblock.setJsonEntity("{\"index.blocks.write\":false}");
            rest.performRequest(unblock);
        }
    }

    @Test
    void theFilteredResponseOfARequestRefusedAsAWholeKeepsItsError() throws Exception {
        // the executor never writes a broken body; send one by hand, with the executor's filter
        Request broken = new Request("POST", "/" + alias + "/_bulk");
        broken.addParameter("filter_path", ElasticsearchBulkExecutor.FILTER_PATH);
        broken.setEntity(
                new StringEntity("{\"bogus\":{\"_id\":\"a\"}}\n{}\n", ContentType.create("application/x-ndjson")));
        Response response;
        try {
            response = rest.performRequest(broken);
        } catch (ResponseException e) {
            response = e.getResponse();
        }

        List<ItemResult> results =
                ElasticsearchBulkExecutor.results(response.getStatusLine().getStatusCode(), response.getEntity(), 2);

        assertThat(results).hasSize(2).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(400);
            assertThat(result.errorType()).isNotBlank();
            assertThat(result.reason()).contains("bogus");
        });
    }

    @Test
    void oneOperationElasticsearchRefusesTheWholeRequestForIsRejectedAloneAndTheOthersAreWritten() throws Exception {
        ElasticsearchBulkExecutor executor = new ElasticsearchBulkExecutor(rest, alias);
        String first = "n-" + UUID.randomUUID();
        String last = "n-" + UUID.randomUUID();
        List<IndexOperation> ops = List.of(
                index(first, 1, "{\"title\":\"a\"}"),
                index("x".repeat(513), 1, "{\"title\":\"id too long\"}"),
                index(last, 1, "{\"title\":\"c\"}"));
        // what Elasticsearch does with such a request: it refuses all of it
        assertThat(executor.execute(ops)).allSatisfy(result -> {
            assertThat(result.wholeRequest()).isTrue();
            assertThat(ItemOutcome.of(IndexOperation.Kind.INDEX, result)).isEqualTo(ItemOutcome.REJECTED);
        });

        List<String> rejected = new ArrayList<>();
        new BulkIndexer(
                        executor,
                        new org.gongkai.index.IndexProperties.Bulk(
                                500,
                                org.springframework.util.unit.DataSize.ofMegabytes(5),
                                3,
                                java.time.Duration.ofMillis(10),
                                java.time.Duration.ofMillis(10),
                                java.time.Duration.ofSeconds(30),
                                java.time.Duration.ofSeconds(30),
                                100),
                        new IndexMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
                .write(ops, (op, result) -> rejected.add(op.id().length() + " " + result.errorType()));

        assertThat(rejected).containsExactly("513 action_request_validation_exception");
        for (String id : List.of(first, last)) {
            assertThat(rest.performRequest(new Request("GET", "/" + index + "/_doc/" + id))
                            .getStatusLine()
                            .getStatusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void manyRequestsOfDifferentSizesFromOneThreadAreEachWrittenWhole() throws Exception {
        ElasticsearchBulkExecutor executor = new ElasticsearchBulkExecutor(rest, alias);
        for (int size : new int[] {300, 1, 50}) {
            List<IndexOperation> ops = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ops.add(index("r-" + UUID.randomUUID(), 1, "{\"title\":\"" + "题".repeat(size) + "\"}"));
            }

            List<ItemResult> results = executor.execute(ops);

            assertThat(results)
                    .hasSize(size)
                    .allSatisfy(result -> assertThat(result.status()).isEqualTo(201));
        }
    }

    private static IndexOperation index(String id, long version, String source) {
        return IndexOperation.index(record(), id, version, source.getBytes(StandardCharsets.UTF_8));
    }

    private static IndexOperation delete(String id) {
        return IndexOperation.delete(record(), id);
    }

    private static ConsumerRecord<String, Object> record() {
        return new ConsumerRecord<>(Topics.ENRICHED, 0, 0, "k", null);
    }
}
