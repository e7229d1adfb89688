package org.gongkai.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.gongkai.servers.LocalElasticsearch;
import org.gongkai.servers.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local launchers themselves, whatever RealServers would pick: restart keeps data, stop frees the port. */
class LocalServersIT extends ServerContract {

    @TempDir
    static Path dir;

    static LocalKafka kafka;

    @BeforeAll
    static void start() {
        kafka = LocalKafka.start(dir.resolve("kafka"), 0, null);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Override
    String kafka() {
        return kafka.bootstrapServers();
    }

    @Override
    String elasticsearch() {
        return RealServers.localElasticsearch().map(LocalElasticsearch::url).orElseGet(RealServers::elasticsearchUrl);
    }

    @Test
    void kafkaRestartsOnTheSameData() throws Exception {
        kafkaRoundTripsARecord();
        long firstPid = kafka.pid();
        kafka.stop();
        kafka.start();
        assertThat(kafka.pid()).isNotEqualTo(firstPid);
        kafkaRoundTripsARecord();
    }
}
