package org.gongkai.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongkai.local.Services.Service;

/**
 * {@code gongkai status}: what the process table records and whether it runs, the services' readiness, the index's
 * document count and the crawls ({@code /actuator/crawl}); and the two probes {@link LocalStack} also uses. Every
 * probe answers within 5 s, with null or 0 when nothing answers.
 */
final class StackStatus {

    private final PidFile pids;
    private final Path home;

    /** @param home the state folder, where the operator's password is kept (read only when ingest-service runs) */
    StackStatus(PidFile pids, Path home) {
        this.pids = pids;
        this.home = home;
    }

    /** Prints each recorded process, whether it runs, the services' readiness, the index count and the crawls. */
    int print() throws IOException {
        Map<String, Long> all = pids.read();
        if (all.isEmpty()) {
            say("not running (no " + pids.path() + ")");
            return 3;
        }
        boolean allAlive = true;
        for (var entry : all.entrySet()) {
            boolean alive = PidFile.isAlive(entry.getValue());
            allAlive &= alive;
            String extra = "";
            for (Service service : Service.values()) {
                if (service.module.equals(entry.getKey()) && alive) {
                    extra = " readiness=" + Services.readiness(servicePort(service));
                    if (service == Service.SEARCH) {
                        extra += " " + searchPage();
                    }
                }
            }
            say(String.format(
                    "%-16s pid %-8d %s%s", entry.getKey(), entry.getValue(), alive ? "running" : "DEAD", extra));
        }
        String es = "http://127.0.0.1:" + Components.port("GONGKAI_ES_PORT", 9200);
        say(indexLine(es));
        if (PidFile.isAlive(all.getOrDefault(Service.INGEST.module, -1L))) {
            String password = OperatorPassword.of(home);
            Answer crawl = get("http://127.0.0.1:" + servicePort(Service.INGEST) + "/actuator/crawl", password);
            if (crawl.status() == 200) {
                say("crawls:");
                CrawlStatus.lines(crawl.body()).forEach(line -> say("  " + line));
            } else {
                say("crawls: " + crawlsNotShown(crawl.status(), password));
            }
        }
        return allAlive ? 0 : 1;
    }

    /** An answer's status (0: none within 5 s) and body. */
    private record Answer(int status, String body) {}

    /**
     * Why the crawls are not shown (session 15: the trial's {@code status} printed nothing after a 401, so an operator
     * who had put the password's hash into the file did not learn why).
     */
    static String crawlsNotShown(int status, String password) {
        if (status == 0) {
            return "not shown: ingest-service's /actuator/crawl did not answer within 5 s";
        }
        if (status == 401 || status == 403) {
            String hint = password.startsWith("{")
                    ? " (it holds an encoded password: the local run hands the file's content to the services and"
                            + " needs the plain password there)"
                    : " (was the file changed after ingest-service started? `gongkai restart ingest-service`)";
            return "not shown: ingest-service refused the operator password of .gongkai/operator-password (HTTP "
                    + status + ")" + hint;
        }
        return "not shown: ingest-service's /actuator/crawl answered HTTP " + status;
    }

    /** A GET with the operator's basic authentication; status 0 when nothing answers within 5 s. */
    private static Answer get(String url, String operatorPassword) {
        try {
            String basic = Base64.getEncoder()
                    .encodeToString(("operator:" + operatorPassword).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Basic " + basic)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null);
        }
    }

    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    /** Documents behind the {@code notices} alias, 0 when Elasticsearch does not answer. */
    static long count(String esUrl) {
        return count(HttpRequest.newBuilder(URI.create(esUrl + "/notices/_count")));
    }

    /**
     * Documents behind the {@code notices} alias fetched by the crawler at or after {@code since} (a run's own, not
     * an earlier run's), 0 when Elasticsearch does not answer.
     */
    static long countFetchedSince(String esUrl, Instant since) {
        String query =
                "{\"query\":{\"range\":{\"fetchedAt\":{\"gte\":\"" + since.truncatedTo(ChronoUnit.MILLIS) + "\"}}}}";
        return count(HttpRequest.newBuilder(URI.create(esUrl + "/notices/_count"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query)));
    }

    /**
     * What {@code start} says of the index when the user's own sites are crawled: the count right after the start
     * is mostly an earlier run's (the index outlives {@code stop}), so it is split into this run's documents and the
     * rest. (Session 13, 2026-12-06: the session 12 trial read the old count as the new crawl's.)
     */
    static String ownSitesIndexLine(long total, long thisRun, String elapsed) {
        String line = "the notices index holds " + total + " documents (" + elapsed + " in all)";
        if (total == 0) {
            return line + "; your sites' notices arrive as they are crawled";
        }
        long earlier = Math.max(0, total - thisRun);
        return line + ": " + thisRun + " fetched by this run so far, " + earlier + " from earlier runs"
                + " (a notice unchanged since is not published again); your sites are still being crawled";
    }

    /**
     * {@code status}'s line on the index: its count, or that Elasticsearch gave none (session 19's trial: with
     * Elasticsearch frozen, "notices in the index: 0" read as an empty index).
     */
    static String indexLine(String esUrl) {
        OptionalLong count = countOrNone(HttpRequest.newBuilder(URI.create(esUrl + "/notices/_count")));
        return count.isPresent()
                ? "notices in the index: " + count.getAsLong()
                : "notices in the index: not known (Elasticsearch at " + esUrl + " gave no count within 5 s)";
    }

    private static long count(HttpRequest.Builder request) {
        return countOrNone(request).orElse(0);
    }

    /** The count of a {@code _count} request; empty when there is no answer within 5 s or it has no count. */
    private static OptionalLong countOrNone(HttpRequest.Builder request) {
        try {
            String body = HttpClient.newHttpClient()
                    .send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = COUNT.matcher(body);
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The search page's address, e.g. {@code http://127.0.0.1:8084/}. */
    static String searchPage() {
        return "http://127.0.0.1:" + servicePort(Service.SEARCH) + "/";
    }

    private static int servicePort(Service service) {
        return Components.servicePort(service);
    }

    private static void say(String line) {
        System.out.println("[gongkai] " + line);
    }
}
