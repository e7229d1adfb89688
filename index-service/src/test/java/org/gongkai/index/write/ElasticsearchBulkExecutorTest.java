package org.gongkai.index.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.http.HttpHost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.elasticsearch.client.RestClient;
import org.gongkai.events.Topics;
import org.junit.jupiter.api.Test;

class ElasticsearchBulkExecutorTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void describesTheCauseChainWithLongFieldPreviewsCut() throws Exception {
        JsonNode error = json.readTree("""
                {"type":"document_parsing_exception",
                 "reason":"[1:742] failed to parse field [publisher] of type [keyword]. Preview of field's value: '%s'",
                 "caused_by":{"type":"illegal_argument_exception",
                   "reason":"Document contains at least one immense term in field=\\"publisher\\""}}
                """.formatted("退役军人".repeat(500)));

        String text = ElasticsearchBulkExecutor.describe(error);

        assertThat(text)
                .startsWith("document_parsing_exception: [1:742] failed to parse field [publisher]")
                .endsWith("; caused by illegal_argument_exception: "
                        + "Document contains at least one immense term in field=\"publisher\"");
        assertThat(text.length()).isLessThan(2 * ElasticsearchBulkExecutor.MAX_CAUSE_REASON + 100);
    }

    @Test
    void writesOneActionLinePerOperationAndTheDocumentAfterEachIndex() throws Exception {
        List<IndexOperation> ops = List.of(
                IndexOperation.index(
                        record(), "a1", 17, "{\"title\":\"退役军人\",\"n\":1}".getBytes(StandardCharsets.UTF_8)),
                IndexOperation.delete(record(), "b2", 18),
                IndexOperation.delete(record(), "c\"3\\"));

        BulkBody body = BulkBody.of(ops);

        String text = new String(body.toByteArray(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> lines = Arrays.stream(text.split("\n"))
                .map(line -> {
                    try {
                        return json.readTree(line);
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                })
                .toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .isEqualTo(json.readTree("{\"index\":{\"_id\":\"a1\",\"version\":17,\"version_type\":\"external\"}}"));
        assertThat(lines.get(1)).isEqualTo(json.readTree("{\"title\":\"退役军人\",\"n\":1}"));
        assertThat(lines.get(2))
                .isEqualTo(json.readTree("{\"delete\":{\"_id\":\"b2\",\"version\":18,\"version_type\":\"external\"}}"));
        assertThat(lines.get(3).path("delete").path("_id").asText()).isEqualTo("c\"3\\");
        assertThat(lines.get(3).path("delete").has("version")).isFalse();
    }

    @Test
    void theBodyStreamsItsDocumentsAsTheyAreWithTheLengthItDeclaresAndCanBeReadAgain() throws Exception {
        byte[] big = ("{\"body\":\"" + "题".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        IndexOperation index = IndexOperation.index(record(), "a", 1, big);
        BulkBody body = BulkBody.of(List.of(index, IndexOperation.delete(record(), "b")));

        byte[] streamed;
        try (InputStream in = body.getContent()) {
            streamed = in.readAllBytes();
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        body.writeTo(written);

        String expected = "{\"index\":{\"_id\":\"a\",\"version\":1,\"version_type\":\"external\"}}\n"
                + new String(big, StandardCharsets.UTF_8) + "\n{\"delete\":{\"_id\":\"b\"}}\n";
        assertThat(new String(streamed, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(written.toByteArray()).isEqualTo(streamed);
        assertThat(body.getContentLength()).isEqualTo(streamed.length);
        assertThat(body.isRepeatable()).isTrue();
        try (InputStream again = body.getContent()) {
            assertThat(again.readAllBytes()).isEqualTo(streamed);
        }
        assertThat(body.getContentType().getValue()).isEqualTo("application/x-ndjson");
    }

    @Test
    void aRequestToANodeThatDoesNotAnswerFailsAsNoResponse() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        try (RestClient nowhere =
                RestClient.builder(new HttpHost("127.0.0.1", port)).build()) {
            ElasticsearchBulkExecutor executor = new ElasticsearchBulkExecutor(nowhere, "notices-write");

            assertThatThrownBy(() -> executor.execute(List.of(IndexOperation.delete(record(), "a"))))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aBulkRequestWaitsForItsOwnTimeoutNotTheClientsShorterOne() throws Exception {
        // the node answers after 1 s; the client's socket timeout is 200 ms, the bulk's own 30 s
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(1000); // the slow node, not a poll
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer =
                    "{\"errors\":false,\"items\":[{\"delete\":{\"status\":200}}]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        node.start();
        try (RestClient client = RestClient.builder(
                        new HttpHost("127.0.0.1", node.getAddress().getPort()))
                .setRequestConfigCallback(config -> config.setSocketTimeout(200))
                .build()) {
            List<IndexOperation> one = List.of(IndexOperation.delete(record(), "a"));
            ElasticsearchBulkExecutor clientTimeout = new ElasticsearchBulkExecutor(client, "notices-write");
            ElasticsearchBulkExecutor ownTimeout = new ElasticsearchBulkExecutor(
                    client,
                    "notices-write",
                    true,
                    new ElasticsearchBulkExecutor.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(30)));

            assertThatThrownBy(() -> clientTimeout.execute(one)).isInstanceOf(SocketTimeoutException.class);
            assertThat(ownTimeout.execute(one)).extracting(ItemResult::status).containsExactly(200);
        } finally {
            node.stop(0);
        }
    }

    @Test
    void readsStatusAndErrorOfEveryItemInOrder() throws Exception {
        String response = """
                {"errors":true,"items":[
                  {"index":{"status":201}},
                  {"index":{"status":409,"error":{"type":"version_conflict_engine_exception",
                     "reason":"[a]: version conflict, current version [3] is higher or equal to the one provided [2]"}}},
                  {"delete":{"status":404}},
                  {"index":{"status":400,"error":{"type":"document_parsing_exception","reason":"[1:9] failed",
                     "caused_by":{"type":"illegal_argument_exception","reason":"immense term"}}}},
                  {"index":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},
                  {"delete":{"status":200}}
                ]}
                """;

        List<ItemResult> results = ElasticsearchBulkExecutor.results(200, entity(response), 6);

        assertThat(results)
                .containsExactly(
                        ItemResult.ok(201),
                        new ItemResult(
                                409,
                                "version_conflict_engine_exception",
                                "version_conflict_engine_exception: [a]: version conflict, current version [3] is"
                                        + " higher or equal to the one provided [2]"),
                        ItemResult.ok(404),
                        new ItemResult(
                                400,
                                "document_parsing_exception",
                                "document_parsing_exception: [1:9] failed; caused by illegal_argument_exception:"
                                        + " immense term"),
                        new ItemResult(
                                429, "es_rejected_execution_exception", "es_rejected_execution_exception: queue full"),
                        ItemResult.ok(200));
        assertThat(ItemOutcome.of(IndexOperation.Kind.DELETE, results.get(2))).isEqualTo(ItemOutcome.DELETED);
    }

    @Test
    void ignoresFieldsItDidNotAskFor() throws Exception {
        // an unfiltered answer (e.g. from a proxy that rebuilds the response) reads the same
        String response = """
                {"took":3,"errors":false,"items":[{"index":{"_index":"notices-v1","_id":"a","_version":7,
                  "result":"created","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":0,
                  "_primary_term":1,"status":201}}]}
                """;

        assertThat(ElasticsearchBulkExecutor.results(200, entity(response), 1)).containsExactly(ItemResult.ok(201));
    }

    @Test
    void aRequestRefusedAsAWholeGivesItsErrorToEveryItem() throws Exception {
        String response = """
                {"error":{"type":"cluster_block_exception","reason":"index [notices-v1] blocked by: [FORBIDDEN/8/index write (api)];"},"status":403}
                """;

        List<ItemResult> results = ElasticsearchBulkExecutor.results(403, entity(response), 3);

        assertThat(results).hasSize(3).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(403);
            assertThat(result.errorType()).isEqualTo("cluster_block_exception");
            assertThat(ItemOutcome.of(IndexOperation.Kind.INDEX, result)).isEqualTo(ItemOutcome.RETRY);
        });
    }

    @Test
    void aResponseThatIsNotElasticsearchJsonCountsAsNoResponse() {
        assertThatThrownBy(() -> ElasticsearchBulkExecutor.results(
                        502, new ByteArrayEntity("<html>Bad Gateway</html>".getBytes(), ContentType.TEXT_HTML), 2))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ElasticsearchBulkExecutor.results(503, null, 2))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ElasticsearchBulkExecutor.results(500, entity("{\"status\":500}"), 2))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aResponseWithADifferentNumberOfItemsCountsAsNoResponseSoTheBatchIsRetriedNotDeadLettered() {
        assertThatThrownBy(() -> ElasticsearchBulkExecutor.results(
                        200, entity("{\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}"), 2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("1 items for 2 operations");
        assertThatThrownBy(() -> ElasticsearchBulkExecutor.results(200, entity("{\"errors\":false}"), 2))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aRequestRefusedAsAWholeIsMarkedAsSuch() throws Exception {
        String response = """
                {"error":{"type":"action_request_validation_exception","reason":"Validation Failed: 1: id [xxx] is too long"},"status":400}
                """;

        assertThat(ElasticsearchBulkExecutor.results(400, entity(response), 2))
                .allSatisfy(result -> assertThat(result.wholeRequest()).isTrue());
        assertThat(ElasticsearchBulkExecutor.results(
                        200, entity("{\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}"), 1))
                .allSatisfy(result -> assertThat(result.wholeRequest()).isFalse());
    }

    private static ByteArrayEntity entity(String json) {
        return new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
    }

    private static ConsumerRecord<String, Object> record() {
        return new ConsumerRecord<>(Topics.ENRICHED, 0, 0, "k", null);
    }
}
