package org.gongkai.index.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.indices.GetIndexResponse;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.elasticsearch.indices.get_alias.IndexAliases;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gongkai.elasticsearch.ElasticsearchProperties;
import org.gongkai.index.IndexNames;
import org.gongkai.index.elasticsearch.ElasticsearchClients;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap against a real Elasticsearch. Each test uses its own base name so it starts from an empty cluster
 * state for that name and does not disturb the {@code notices} index other tests use.
 */
class IndexBootstrapIT {

    private static ElasticsearchClient client;
    private static ElasticsearchClient otherClient;

    @BeforeAll
    static void connect() {
        client = newClient();
        otherClient = newClient();
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
        otherClient.close();
    }

    @Test
    void createsTheTemplateTheIndexAndBothAliasesAndIsIdempotent() throws Exception {
        IndexNames names = uniqueNames(1);
        IndexBootstrap bootstrap = bootstrap(client, names);

        bootstrap.run();
        bootstrap.run();

        assertOneIndexWithBothAliases(names);
        GetIndexResponse index = client.indices().get(g -> g.index(names.index()));
        IndexState state = index.result().get(names.index());
        assertThat(state.mappings().dynamic()).isEqualTo(DynamicMapping.Strict);
        assertThat(state.mappings().properties()).containsKeys("title", "body", "labels", "year", "version");
        assertThat(state.settings().index().numberOfShards()).isEqualTo("1");
        assertThat(state.settings().index().numberOfReplicas()).isEqualTo("0");
        assertThat(client.indices()
                        .existsIndexTemplate(e -> e.name(names.template()))
                        .value())
                .isTrue();
    }

    @Test
    void concurrentBootstrapsFromTwoThreadsLeaveOneIndexWithBothAliases() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                IndexNames names = uniqueNames(1);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> runs = new ArrayList<>();
                for (ElasticsearchClient c : List.of(client, otherClient)) {
                    IndexBootstrap bootstrap = bootstrap(c, names);
                    runs.add(threads.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        bootstrap.run();
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS); // rethrows a failure of either thread
                }
                assertOneIndexWithBothAliases(names);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aNewVersionTakesTheWriteAliasAndLeavesReadsOnTheOldIndexUntilCutOver() throws Exception {
        IndexNames v1 = uniqueNames(1);
        IndexNames v2 = new IndexNames(v1.base(), 2);
        bootstrap(client, v1).run();

        bootstrap(client, v2).run();
        bootstrap(client, v2).run();

        Map<String, IndexAliases> aliases = aliases(v1);
        assertThat(aliases).containsOnlyKeys(v1.index(), v2.index());
        assertThat(aliases.get(v2.index()).aliases()).containsOnlyKeys(v2.writeAlias());
        assertThat(aliases.get(v2.index()).aliases().get(v2.writeAlias()).isWriteIndex())
                .isTrue();
        assertThat(aliases.get(v1.index()).aliases()).containsOnlyKeys(v1.readAlias());
    }

    private static void assertOneIndexWithBothAliases(IndexNames names) throws Exception {
        Map<String, IndexAliases> aliases = aliases(names);
        assertThat(aliases).containsOnlyKeys(names.index());
        var onIndex = aliases.get(names.index()).aliases();
        assertThat(onIndex).containsOnlyKeys(names.readAlias(), names.writeAlias());
        assertThat(onIndex.get(names.writeAlias()).isWriteIndex()).isTrue();
        assertThat(names.index()).endsWith("-v1");
    }

    private static Map<String, IndexAliases> aliases(IndexNames names) throws Exception {
        return client.indices().getAlias(g -> g.index(names.indexPattern())).result();
    }

    private static IndexBootstrap bootstrap(ElasticsearchClient c, IndexNames names) {
        return new IndexBootstrap(c, names, IndexTemplate.load().forIndex(names, 0));
    }

    private static IndexNames uniqueNames(int version) {
        String base =
                "bootstrap-it-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        return new IndexNames(base, version);
    }

    private static ElasticsearchClient newClient() {
        ElasticsearchProperties properties = new ElasticsearchProperties(
                List.of(URI.create(RealServers.elasticsearchUrl())),
                null,
                null,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                null);
        return ElasticsearchClients.client(
                ElasticsearchClients.restClient(properties), ElasticsearchClients.jsonpMapper());
    }
}
