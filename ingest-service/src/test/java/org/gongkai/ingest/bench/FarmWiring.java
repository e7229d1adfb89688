package org.gongkai.ingest.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gongkai.ingest.PortalFarm;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.ingest.fetch.AddressGuard;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.ingest.fetch.PinnedHttpTransport;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.springframework.util.unit.DataSize;

/**
 * The crawl side of a {@link PortalFarm} round as {@link FarmBenchmark} and {@link PacedFarmBenchmark} wire it: the
 * politeness, fetcher (pinned transport, the farm's resolver) and robots.txt policy of the service, the scheduler's
 * properties for the farm's sites, and a round run to its end. Stateless.
 */
final class FarmWiring {

    private FarmWiring() {}

    /** The service's politeness with this delay between a host's requests and this many fetches in flight. */
    static IngestProperties.Politeness politeness(int delayMs, int inFlight) {
        return new IngestProperties.Politeness(
                Duration.ofMillis(delayMs),
                Duration.ofSeconds(60),
                inFlight,
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                6,
                Duration.ofMinutes(30),
                Duration.ofMinutes(2));
    }

    /** A fetcher of the farm's hosts through {@code transport}. */
    static HttpFetcher fetcher(PinnedHttpTransport transport, MinDelayPoliteness politeness, MeterRegistry meters) {
        return new HttpFetcher(
                transport,
                new AddressGuard(PortalFarm.resolver()),
                politeness,
                TestConfigs.fetch(Duration.ofSeconds(2), Duration.ofSeconds(10), DataSize.ofMegabytes(10), 5, 2),
                "Gongkai/bench",
                meters,
                Clock.systemUTC());
    }

    static RobotsPolicy robots(HttpFetcher fetcher, MinDelayPoliteness politeness, MeterRegistry meters) {
        return new RobotsPolicy(fetcher, politeness, TestConfigs.robots(), "Gongkai/bench", meters, Clock.systemUTC());
    }

    /** The scheduler's properties: {@code sites} crawled at once up to {@code concurrentSites}, at once and hourly. */
    static IngestProperties properties(int concurrentSites, IngestProperties.Politeness politeness, List<Site> sites) {
        IngestProperties base = TestConfigs.properties(Duration.ZERO, Duration.ofHours(1), sites);
        return new IngestProperties(
                base.userAgent(),
                Duration.ZERO,
                Duration.ofHours(1),
                concurrentSites,
                base.fetch(),
                politeness,
                base.robots(),
                base.state(),
                base.coordination(),
                base.attachments(),
                base.publish(),
                sites);
    }

    /** Starts the scheduler and returns once each of the {@code sites} has a report of its first crawl. */
    static void crawlAll(CrawlScheduler scheduler, int sites) throws InterruptedException {
        scheduler.start();
        while (scheduler.lastReports().size() < sites) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
