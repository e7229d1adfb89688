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
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Starts crawls of a running ingest-service through its actuator, as an operator does: {@code POST
 * /actuator/crawl/{site}} (the {@code crawl} endpoint, exposed by the service's own configuration) as the operator,
 * whose password the harness makes at random for the run and hands to the service in its environment ({@code
 * GONGKAI_MANAGEMENT_PASSWORD}, so it shows in no command line). The benchmark starts one ingest-service for the whole
 * run with its scheduled crawls pushed out of the run ({@link #SCHEDULE_ARGS}) and asks it for each stage's sites when
 * the stage begins. Thread-safe (the JDK client is).
 *
 * <p>The service gets the password as its bcrypt hash of cost {@value #BCRYPT_COST} ({@code {bcrypt}$2a$04$…}, which
 * {@code gongkai.management.password} accepts), not the plain password it would hash at cost 10: each request is
 * checked against that hash, and at cost 10 the 40 requests that start a round cost the service ~2.5 s of CPU (60 ms
 * each) in the round's first second, on the cores the round's first notices need (session 14). A deployed crawler's
 * scheduler starts its crawls without a request. The cost factor guards guessable passwords; this one is 144 random
 * bits that live for one run on loopback.
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

    /** bcrypt's cost factor of the hash handed to the service: 2^4 rounds, ~1 ms a check (cost 10: ~60 ms). */
    static final int BCRYPT_COST = 4;

    private final String password;
    private final String hash;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    IngestCrawls() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.hash = "{bcrypt}" + new BCryptPasswordEncoder(BCRYPT_COST).encode(password);
    }

    /** The environment that gives ingest-service the operator's password, as its cheap hash. */
    Map<String, String> environment() {
        return Map.of("GONGKAI_MANAGEMENT_PASSWORD", hash);
    }

    /**
     * Queues a crawl of each site now, all requests at once so that the crawls start together, as the scheduler
     * starts them (the service answers 202 at once and crawls on its workers).
     *
     * @return the CPU seconds ingest-service's HTTP threads spent answering these requests (checking the operator's
     *     password against its bcrypt hash, about 1 ms each at cost {@value #BCRYPT_COST}): a cost of the
     *     harness's way of starting the crawls, not of the pipeline, which the stages leave out of the service's
     *     figures
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
