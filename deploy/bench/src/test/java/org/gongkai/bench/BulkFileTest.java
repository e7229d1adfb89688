package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkFileTest {

    @Test
    void requestsHoldBatchDocumentsEndEarlyAtACutAndReadBackAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bulk.ndjson");
        try (BulkFile bulk = new BulkFile(file, 2)) {
            for (int i = 0; i < 5; i++) {
                bulk.add(new NoticeDocuments.Document("id" + i, 100 + i, "{\"title\":\"通知" + i + "\"}"));
                if (i == 2) {
                    bulk.cut(); // a size boundary after the third document
                }
            }
            bulk.finish();

            assertThat(bulk.requests()).isEqualTo(3);
            assertThat(bulk.documents(0)).isEqualTo(2);
            assertThat(bulk.documents(1)).isEqualTo(1);
            assertThat(bulk.documents(2)).isEqualTo(2);
            assertThat(new String(bulk.request(1), StandardCharsets.UTF_8))
                    .isEqualTo("{\"index\":{\"_id\":\"id2\",\"version\":102,\"version_type\":\"external\"}}\n"
                            + "{\"title\":\"通知2\"}\n");
            assertThat(new String(bulk.request(2), StandardCharsets.UTF_8))
                    .startsWith("{\"index\":{\"_id\":\"id3\"")
                    .endsWith("{\"title\":\"通知4\"}\n");
        }
        assertThat(Files.exists(file)).isFalse();
    }
}
