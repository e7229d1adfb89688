package org.gongkai.ingest;

import java.time.Duration;
import java.util.List;
import org.gongkai.ingest.crawl.BrokerWaits;
import org.gongkai.ingest.crawl.SiteCrawler;
import org.gongkai.ingest.site.AttachmentProperties;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.springframework.util.unit.DataSize;

/** Configuration records for unit tests, so new settings do not ripple through every test. */
public final class TestConfigs {

    private TestConfigs() {}

    /** Fetch limits without retries. */
    public static IngestProperties.Fetch fetch(Duration connect, Duration read, DataSize maxBody, int maxRedirects) {
        return fetch(connect, read, maxBody, maxRedirects, 0);
    }

    public static IngestProperties.Fetch fetch(
            Duration connect, Duration read, DataSize maxBody, int maxRedirects, int retries) {
        return new IngestProperties.Fetch(connect, read, maxBody, maxRedirects, retries, Duration.ofMinutes(2));
    }

    /** Politeness with a minimum delay, short backoffs and a 5 s longest wait. */
    public static IngestProperties.Politeness politeness(Duration minDelay) {
        return new IngestProperties.Politeness(
                minDelay,
                Duration.ofSeconds(60),
                8,
                Duration.ofMillis(50),
                Duration.ofMillis(400),
                4,
                Duration.ofMinutes(30),
                Duration.ofSeconds(5));
    }

    /**
     * Politeness of the host-fault tests: no delay, 10-40 ms backoffs, a host paused for {@code pause} after
     * {@code pauseAfterFailures} failures in a row, a turn further than {@code maxWait} away not waited for.
     */
    public static IngestProperties.Politeness pausing(int pauseAfterFailures, Duration pause, Duration maxWait) {
        return new IngestProperties.Politeness(
                Duration.ZERO,
                Duration.ofSeconds(60),
                8,
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                pauseAfterFailures,
                pause,
                maxWait);
    }

    public static IngestProperties.Robots robots() {
        return new IngestProperties.Robots(true, Duration.ofHours(12), Duration.ofMinutes(30));
    }

    public static IngestProperties.State state() {
        return state("notices.crawl-state", Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(7));
    }

    /** State settings with these revisit bounds, held in memory. */
    public static IngestProperties.State state(
            String topic, Duration loadTimeout, Duration revisitMin, Duration revisitMax) {
        return state(
                topic,
                loadTimeout,
                revisitMin,
                revisitMax,
                Duration.ofDays(1),
                Duration.ofDays(1),
                Duration.ofDays(30));
    }

    /**
     * State settings held in memory (topic {@code s}) with these revisit bounds, full-walk interval of the lists,
     * navigation-page revisit and give-up time of pages known only by faults.
     */
    public static IngestProperties.State state(
            Duration revisitMin,
            Duration revisitMax,
            Duration listFullWalkInterval,
            Duration navigationRevisit,
            Duration forgetFaultedAfter) {
        return state(
                "s",
                Duration.ofMinutes(1),
                revisitMin,
                revisitMax,
                listFullWalkInterval,
                navigationRevisit,
                forgetFaultedAfter);
    }

    private static IngestProperties.State state(
            String topic,
            Duration loadTimeout,
            Duration revisitMin,
            Duration revisitMax,
            Duration listFullWalkInterval,
            Duration navigationRevisit,
            Duration forgetFaultedAfter) {
        return new IngestProperties.State(
                topic,
                loadTimeout,
                revisitMin,
                revisitMax,
                IngestProperties.State.Store.MEMORY,
                "",
                DataSize.ofMegabytes(16),
                DataSize.ofMegabytes(4),
                listFullWalkInterval,
                navigationRevisit,
                forgetFaultedAfter);
    }

    public static IngestProperties properties(Duration initialDelay, Duration interval, List<Site> sites) {
        return new IngestProperties(
                "Gongkai/test",
                initialDelay,
                interval,
                64,
                fetch(Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 5),
                politeness(Duration.ZERO),
                robots(),
                state(),
                new IngestProperties.Coordination(false, "notices.crawl-hosts", "ingest-service-crawlers"),
                AttachmentProperties.defaults(),
                new IngestProperties.Publish(
                        SiteCrawler.DEFAULT_MAX_UNACKNOWLEDGED, false, BrokerWaits.DEFAULT_THRESHOLD),
                sites);
    }

    /** The allowed networks of a test portal on this machine. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8");

    /** @param allowPrivateNetwork whether the site may reach loopback (its {@code allowed-networks}: 127.0.0.0/8) */
    public static Site site(String id, List<String> listUrls, boolean allowPrivateNetwork, int maxPages) {
        return site(id, listUrls, allowPrivateNetwork, maxPages, 10, List.of());
    }

    /** A site in auto pagination mode with the given list-page limit and feeds, nothing else overridden. */
    public static Site site(
            String id,
            List<String> listUrls,
            boolean allowPrivateNetwork,
            int maxPages,
            int maxListPages,
            List<String> feedUrls) {
        return new Site(
                id,
                null,
                listUrls,
                allowPrivateNetwork ? LOOPBACK : List.of(),
                null,
                null,
                null,
                maxPages,
                Site.Pagination.AUTO,
                maxListPages,
                feedUrls,
                null,
                null,
                null,
                null,
                false);
    }

    /** {@code site} declared a mirror ({@code sites[n].mirror: true}), everything else as it is. */
    public static Site asMirror(Site site) {
        return new Site(
                site.id(),
                site.name(),
                site.listUrls(),
                site.allowedNetworks(),
                site.allowPrivateNetwork(),
                site.charset(),
                site.linkSelector(),
                site.maxPages(),
                site.pagination(),
                site.maxListPages(),
                site.feedUrls(),
                site.schedule(),
                site.politeness(),
                site.revisitMin(),
                site.revisitMax(),
                true);
    }
}
