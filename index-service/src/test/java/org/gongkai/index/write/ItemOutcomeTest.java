package org.gongkai.index.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gongkai.index.write.IndexOperation.Kind.DELETE;
import static org.gongkai.index.write.IndexOperation.Kind.INDEX;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class ItemOutcomeTest {

    @Test
    void successes() {
        assertThat(ItemOutcome.of(INDEX, ItemResult.ok(201))).isEqualTo(ItemOutcome.INDEXED);
        assertThat(ItemOutcome.of(INDEX, ItemResult.ok(200))).isEqualTo(ItemOutcome.INDEXED);
        assertThat(ItemOutcome.of(DELETE, ItemResult.ok(200))).isEqualTo(ItemOutcome.DELETED);
    }

    @Test
    void aVersionConflictIsStaleAndADeleteOfAMissingDocumentIsDone() {
        ItemResult conflict = new ItemResult(409, "version_conflict_engine_exception", "current version [5]");
        assertThat(ItemOutcome.of(INDEX, conflict)).isEqualTo(ItemOutcome.STALE);
        assertThat(ItemOutcome.of(DELETE, new ItemResult(404, null, null))).isEqualTo(ItemOutcome.DELETED);
    }

    @Test
    void mappingAndParsingErrorsRejectTheEvent() {
        for (String type : new String[] {
            "mapper_parsing_exception",
            "document_parsing_exception",
            "strict_dynamic_mapping_exception",
            "illegal_argument_exception"
        }) {
            assertThat(ItemOutcome.of(INDEX, new ItemResult(400, type, "bad")))
                    .as(type)
                    .isEqualTo(ItemOutcome.REJECTED);
        }
        assertThat(ItemOutcome.of(INDEX, new ItemResult(413, "too_large", "big")))
                .isEqualTo(ItemOutcome.REJECTED);
    }

    @Test
    void overloadServerErrorsSilenceAndInfrastructureFaultsAreRetried() throws IOException {
        assertRetried(new ItemResult(429, "es_rejected_execution_exception", "queue full"), "too-many-requests");
        assertRetried(new ItemResult(503, "unavailable_shards_exception", "primary not active"), "server-error");
        assertRetried(new ItemResult(500, "null_pointer_exception", "oops"), "server-error");
        assertRetried(ItemResult.noResponse(new SocketTimeoutException("30,000 milliseconds")), "timeout");
        assertRetried(ItemResult.noResponse(new ConnectException("Connection refused")), "unreachable");
        assertRetried(
                new ItemResult(404, "index_not_found_exception", "no such index [notices-write]"), "index-missing");
        assertRetried(new ItemResult(403, "cluster_block_exception", "index [notices-v1] blocked"), "blocked");
        assertRetried(new ItemResult(400, "index_closed_exception", "closed"), "blocked");
        assertRetried(new ItemResult(401, "security_exception", "missing authentication credentials"), "forbidden");
        assertThat(ItemOutcome.of(DELETE, new ItemResult(404, "index_not_found_exception", "no such index")))
                .isEqualTo(ItemOutcome.RETRY);
    }

    private static void assertRetried(ItemResult result, String cause) {
        assertThat(ItemOutcome.of(INDEX, result)).as(result.describe()).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.retryCause(result)).as(result.describe()).isEqualTo(cause);
    }
}
