package org.gongkai.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * index-service's {@code _bulk} requests as its own metrics count them ({@code /actuator/prometheus}:
 * {@code gongkai_index_bulk_size_documents}, {@code gongkai_index_bulk_bytes}, {@code gongkai_index_bulk_latency_seconds}
 * of the requests answered), so that the index stage can say what the service sent beside the raw loader: requests,
 * documents and bytes a request, and the time its requests were outstanding.
 *
 * @param requests       requests answered
 * @param documents      operations in them
 * @param bytes          body bytes of them
 * @param requestSeconds the sum of their times from send to answer
 */
record BulkRequestFigures(long requests, long documents, double bytes, double requestSeconds) {

    /**
     * Only the three metrics read here: the whole exposition is ~150 KB (the Kafka clients' metrics), which the
     * end-to-end stage's timeline scraped every second, at index-service's and the harness's cost (session 10).
     */
    static final String QUERY = "?includedNames=gongkai_index_bulk_size_documents,gongkai_index_bulk_bytes,"
            + "gongkai_index_bulk_latency_seconds";

    /** One client for every scrape (a new one each time started a selector thread and a connection). */
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads the service's figures so far from its actuator on loopback. */
    static BulkRequestFigures scrape(int port) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus" + QUERY))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return parse(r.body());
        } catch (IOException e) {
            return new BulkRequestFigures(0, 0, Double.NaN, Double.NaN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The figures in a Prometheus text exposition (missing series count as 0). */
    static BulkRequestFigures parse(String exposition) {
        long requests = 0;
        long documents = 0;
        double bytes = 0;
        double seconds = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String series = line.substring(0, space);
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (series.startsWith("gongkai_index_bulk_size_documents_count")) {
                requests += (long) value;
            } else if (series.startsWith("gongkai_index_bulk_size_documents_sum")) {
                documents += (long) value;
            } else if (series.startsWith("gongkai_index_bulk_bytes_sum")) {
                bytes += value;
            } else if (series.startsWith("gongkai_index_bulk_latency_seconds_sum")) {
                seconds += value;
            }
        }
        return new BulkRequestFigures(requests, documents, bytes, seconds);
    }

    BulkRequestFigures minus(BulkRequestFigures before) {
        return new BulkRequestFigures(
                requests - before.requests,
                documents - before.documents,
                bytes - before.bytes,
                requestSeconds - before.requestSeconds);
    }

    double documentsPerRequest() {
        return requests == 0 ? Double.NaN : (double) documents / requests;
    }

    double megabytesPerRequest() {
        return requests == 0 ? Double.NaN : bytes / requests / 1e6;
    }

    /** Mean requests outstanding over {@code wallSeconds}: Little's law, their summed time ÷ the wall time. */
    double inFlight(double wallSeconds) {
        return wallSeconds > 0 ? requestSeconds / wallSeconds : Double.NaN;
    }
}
