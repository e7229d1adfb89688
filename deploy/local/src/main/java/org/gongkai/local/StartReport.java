package org.gongkai.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gongkai.local.Services.Service;

/**
 * What {@code LocalStack start} tells once the services are ready: with the demo site, it waits up to 3 minutes for
 * the demo notices to be searchable; with one's own sites, it says what the index holds so far. Then where to search,
 * how to query Elasticsearch directly, where health, metrics, the operator endpoints and the logs are.
 */
final class StartReport {

    /** Notice pages of the demo portal outside its catalogue (the four CMS styles under /xxgk/ and /art/). */
    static final int DEMO_PAGES = 4;

    private StartReport() {}

    /**
     * @param home the state folder (the operator password and the logs are there)
     * @param t0   when {@code start} began
     * @return 0, or 1 when the demo notices were not all searchable in time
     * @throws InterruptedException while waiting for the demo crawl
     */
    static int print(Path home, SiteList sites, Instant t0) throws InterruptedException {
        String esUrl = "http://127.0.0.1:" + Components.port("GONGKAI_ES_PORT", 9200);
        long count = 0;
        long expected = 0;
        if (sites.includesDemo()) {
            say("crawling the demo portal …");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            expected = DEMO_PAGES + DemoCatalogue.shipped().notices().size();
            while (Instant.now().isBefore(deadline) && (count = StackStatus.count(esUrl)) < expected) {
                Thread.sleep(1000); // waiting for an external effect with a deadline, not polling a test condition
            }
            say("the notices index holds " + count + " documents (" + LocalStack.since(t0) + " in all)");
        } else {
            count = StackStatus.count(esUrl);
            say(StackStatus.ownSitesIndexLine(count, StackStatus.countFetchedSince(esUrl, t0), LocalStack.since(t0)));
            say("follow the crawl of your sites with: deploy/local/gongkai status");
        }
        say("");
        say("Search page: " + StackStatus.searchPage() + "  (API: " + StackStatus.searchPage()
                + "api/search?q=…, description: " + StackStatus.searchPage() + "openapi.yaml)");
        say("Or query Elasticsearch directly:");
        say("  curl -s '" + esUrl + "/notices/_search?pretty' -H 'Content-Type: application/json' \\");
        // the demo's phrase finds the demo notices; with one's own sites, the newest notices
        say(
                sites.includesDemo()
                        ? "       -d '{\"query\":{\"match_phrase\":{\"body\":\"退役军人\"}}}'"
                        : "       -d '{\"sort\":[{\"fetchedAt\":\"desc\"}],\"_source\":[\"title\",\"siteId\",\"url\"]}'");
        say("Health and metrics: http://127.0.0.1:" + servicePort(Service.INDEX) + "/actuator/health, "
                + "…/actuator/prometheus (ingest :" + servicePort(Service.INGEST) + ", enrich :"
                + servicePort(Service.ENRICH) + ", index :" + servicePort(Service.INDEX) + ", search :"
                + servicePort(Service.SEARCH) + ")");
        say("Operator endpoints (e.g. /actuator/crawl): user operator, password in "
                + home.resolve("operator-password"));
        say("Logs in " + home.resolve("logs") + "; restart one with: deploy/local/gongkai restart SERVICE;"
                + " stop with: deploy/local/gongkai stop");
        return count >= expected ? 0 : 1;
    }

    private static int servicePort(Service service) {
        return Components.servicePort(service);
    }

    private static void say(String line) {
        LocalStack.say(line);
    }
}
