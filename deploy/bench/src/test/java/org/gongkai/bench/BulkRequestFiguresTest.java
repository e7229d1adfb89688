package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BulkRequestFiguresTest {

    private static final String EXPOSITION = """
            # HELP gongkai_index_bulk_size_documents Operations per _bulk request
            # TYPE gongkai_index_bulk_size_documents summary
            gongkai_index_bulk_size_documents_count{application="index-service"} 12
            gongkai_index_bulk_size_documents_sum{application="index-service"} 5000.0
            gongkai_index_bulk_size_documents_max{application="index-service"} 500.0
            gongkai_index_bulk_bytes_count{application="index-service"} 12
            gongkai_index_bulk_bytes_sum{application="index-service"} 6.0E7
            gongkai_index_bulk_latency_seconds_count{application="index-service",result="ok"} 11
            gongkai_index_bulk_latency_seconds_sum{application="index-service",result="ok"} 20.5
            gongkai_index_bulk_latency_seconds_count{application="index-service",result="no-response"} 1
            gongkai_index_bulk_latency_seconds_sum{application="index-service",result="no-response"} 4.5
            gongkai_index_docs_total{application="index-service",outcome="indexed"} 5000.0
            """;

    @Test
    void requestsDocumentsBytesAndTheirTimeAreReadFromTheServicesOwnMetrics() {
        BulkRequestFigures figures = BulkRequestFigures.parse(EXPOSITION);

        assertThat(figures.requests()).isEqualTo(12);
        assertThat(figures.documents()).isEqualTo(5000);
        assertThat(figures.documentsPerRequest()).isCloseTo(416.7, within(0.1));
        assertThat(figures.megabytesPerRequest()).isCloseTo(5.0, within(1e-9));
        assertThat(figures.requestSeconds()).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void theMeanInFlightIsTheRequestsTimeOverTheWallTime() {
        BulkRequestFigures figures = BulkRequestFigures.parse(EXPOSITION);

        assertThat(figures.inFlight(10.0)).isCloseTo(2.5, within(1e-9));
        assertThat(figures.inFlight(0)).isNaN();
    }

    @Test
    void anExpositionWithoutTheSeriesGivesNoRequests() {
        BulkRequestFigures figures = BulkRequestFigures.parse("# nothing\nother_metric 3\n");

        assertThat(figures.requests()).isZero();
        assertThat(figures.documentsPerRequest()).isNaN();
    }

    @Test
    void aScrapeAsksTheActuatorForTheThreeMetricsItReadsOnly() throws Exception {
        List<String> queries = new CopyOnWriteArrayList<>();
        HttpServer actuator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        actuator.createContext("/actuator/prometheus", exchange -> {
            queries.add(exchange.getRequestURI().getQuery());
            byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        actuator.start();
        try {
            BulkRequestFigures figures =
                    BulkRequestFigures.scrape(actuator.getAddress().getPort());

            assertThat(figures.requests()).isEqualTo(12);
            assertThat(figures.requestSeconds()).isCloseTo(25.0, within(1e-9));
            assertThat(queries)
                    .containsExactly("includedNames=gongkai_index_bulk_size_documents,gongkai_index_bulk_bytes,"
                            + "gongkai_index_bulk_latency_seconds");
        } finally {
            actuator.stop(0);
        }
    }
}
