package org.gongkai.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts crawls of a running ingest-service through its actuator, as an operator does: {@code POST
 * /actuator/crawl/{site}} (the {@code crawl} endpoint, exposed by the service's own configuration) as the operator,
 * whose password the harness makes at random for the run and hands to the service in its environment ({@code
 * GONGKAI_MANAGEMENT_PASSWORD}, so it shows in no command line). The benchmark starts one ingest-service for the whole
 * run with its scheduled crawls pushed out of the run ({@link #SCHEDULE_ARGS}) and asks it for each stage's sites when
 * the stage begins. Thread-safe (the JDK client is).
 */
final class IngestCrawls {

    /**
     * ingest-service's arguments that keep its scheduler from crawling on its own during a run: the first scheduled
     * crawl and the interval one day away (a loaded 20,000-notice run takes well under that), so that every crawl is
     * one the harness asked for.
     */
    static final List<String> SCHEDULE_ARGS =
            List.of("--gongkai.ingest.initial-delay=1d", "--gongkai.ingest.crawl-interval=1d");

    private static final String USER = "operator";

    private final String password;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    IngestCrawls() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The environment that gives ingest-service the operator's password. */
    Map<String, String> environment() {
        return Map.of("GONGKAI_MANAGEMENT_PASSWORD", password);
    }

    /**
     * Queues a crawl of each site now, all requests at once so that the crawls start together, as the scheduler
     * starts them (the service answers 202 at once and crawls on its workers).
     *
     * @return the CPU seconds ingest-service's HTTP threads spent answering these requests (checking the operator's
     *     password with bcrypt, about 60 ms each): a cost of the harness's way of starting the crawls, not of the
     *     pipeline, which the stages leave out of the service's figures
     * @throws IllegalStateException when the service refuses one (unknown site, wrong password)
     */
    double crawlNow(ServiceProcess ingest, List<String> siteIds) {
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        double cpu0 = ingest.requestCpuSeconds();
        Map<String, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
        for (String site : siteIds) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + ingest.port() + "/actuator/crawl/" + site))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            answers.put(site, http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        answers.forEach((site, future) -> {
            HttpResponse<String> answer;
            try {
                answer = future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("POST /actuator/crawl/" + site, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("ingest-service did not queue a crawl of " + site + ": HTTP "
                        + answer.statusCode() + " " + answer.body());
            }
        });
        return ingest.requestCpuSeconds() - cpu0;
    }
}
