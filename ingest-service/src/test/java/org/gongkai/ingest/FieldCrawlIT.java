package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gongkai.ingest.PortalFarm.drip;
import static org.gongkai.ingest.PortalFarm.gzipBomb;
import static org.gongkai.ingest.PortalFarm.html;
import static org.gongkai.ingest.PortalFarm.list;
import static org.gongkai.ingest.PortalFarm.notice;
import static org.gongkai.ingest.PortalFarm.redirect;
import static org.gongkai.ingest.PortalFarm.slow;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.ingest.crawl.CrawlEndpoint;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.gongkai.ingest.fetch.HostPoliteness;
import org.gongkai.ingest.fetch.HostResolver;
import org.gongkai.ingest.fetch.MinDelayPoliteness;
import org.gongkai.testsupport.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crawler against hostile portals, on a real Kafka broker, three sites at once on loopback (host names
 * resolved to 127.0.0.1 through the injected resolver): a site whose list has a redirect loop, a page over the
 * body cap, a gzip bomb and a dripping page before two good notices; a slow site; a fast site. The producer's
 * {@code max.request.size} is 1 MiB, so the page at the cap only fits once {@code RecordFit} shrinks it.
 */
@SpringBootTest
class FieldCrawlIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String HOSTILE = "hostile-" + RUN + ".test";
    private static final String SLOW = "slow-" + RUN + ".test";
    private static final String FAST = "fast-" + RUN + ".test";
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final int CAP = 1024 * 1024;
    private static final PortalFarm FARM = farm();

    @Autowired
    CrawlScheduler scheduler;

    @Autowired
    CrawlEndpoint endpoint;

    @Autowired
    HostPoliteness politeness;

    @TestConfiguration
    static class Resolver {
        @Bean
        @Primary
        HostResolver farmResolver() {
            return PortalFarm.resolver();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RealServers.registerKafka(registry);
        registry.add("spring.kafka.producer.properties.max.request.size", () -> Integer.toString(CAP));
        registry.add("gongkai.ingest.initial-delay", () -> "0s");
        // raw bytes kept (off by default), so the page at the cap shows they are the first thing left out to fit
        registry.add("gongkai.ingest.publish.raw-bytes", () -> "true");
        registry.add("gongkai.ingest.crawl-interval", () -> "1h");
        registry.add("gongkai.ingest.state.topic", () -> "it.crawl-state.field-" + RUN);
        registry.add("gongkai.ingest.politeness.min-delay", () -> "10ms");
        registry.add("gongkai.ingest.fetch.max-body-bytes", () -> CAP + "B");
        registry.add("gongkai.ingest.fetch.read-timeout", () -> "2s");
        String[][] sites = {{"hostile", HOSTILE}, {"slow", SLOW}, {"fast", FAST}};
        for (int i = 0; i < sites.length; i++) {
            int n = i;
            registry.add("gongkai.ingest.sites[" + n + "].id", () -> sites[n][0] + "-" + RUN);
            registry.add("gongkai.ingest.sites[" + n + "].list-urls[0]", () -> FARM.url(sites[n][1], "/list.html"));
            registry.add("gongkai.ingest.sites[" + n + "].allowed-networks", () -> "127.0.0.0/8");
        }
    }

    private static PortalFarm farm() {
        PortalFarm farm = new PortalFarm();
        farm.on(
                HOSTILE,
                "/list.html",
                html(list(
                        List.of("/loop.html", "/big.html", "/bomb.html", "/drip.html", "/good1.html", "/good2.html"),
                        null)));
        farm.on(HOSTILE, "/loop.html", redirect("/loop2.html"));
        farm.on(HOSTILE, "/loop2.html", redirect("/loop.html"));
        // A notice of 2 MiB in GB18030 (two bytes a character): cut at the 1 MiB cap; its JSON is larger still.
        String big = notice("BIG/2023-00001", "大".repeat(1024 * 1024));
        farm.on(HOSTILE, "/big.html", PortalFarm.bytes("text/html; charset=gb18030", big.getBytes(GB18030)));
        farm.on(HOSTILE, "/bomb.html", gzipBomb(50 * 1024 * 1024));
        farm.on(HOSTILE, "/drip.html", drip(notice("DRIP/2023-00001", "慢慢来"), Duration.ofMillis(200)));
        farm.on(HOSTILE, "/good1.html", html(notice("GOOD/2023-00001", "第一份好通知")));
        farm.on(HOSTILE, "/good2.html", html(notice("GOOD/2023-00002", "第二份好通知")));
        List<String> links = List.of("/n1.html", "/n2.html", "/n3.html");
        farm.on(SLOW, "/list.html", html(list(links, null)));
        farm.on(FAST, "/list.html", html(list(links, null)));
        for (int i = 1; i <= 3; i++) {
            farm.on(SLOW, "/n" + i + ".html", slow(notice("SLOW/2023-0000" + i, "慢站通知" + i), Duration.ofSeconds(1)));
            farm.on(FAST, "/n" + i + ".html", html(notice("FAST/2023-0000" + i, "快站通知" + i)));
        }
        return farm;
    }

    @AfterAll
    static void stopFarm() {
        FARM.close();
    }

    private Map<String, CrawlReport> awaitFirstRound() {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> scheduler.lastReports().size() == 3);
        return scheduler.lastReports();
    }

    @Test
    void faultyPagesBeforeGoodOnesNeitherPauseTheHostNorStopTheGoodNoticesOfTheFirstRound() {
        CrawlReport hostile = awaitFirstRound().get("hostile-" + RUN);

        assertThat(hostile.published()).as("%s", hostile).isEqualTo(3); // big, good1, good2
        assertThat(hostile.deferred()).isZero();
        assertThat(hostile.complete()).isTrue();
        assertThat(hostile.problems())
                .extracting(CrawlReport.Problem::url)
                .contains(FARM.url(HOSTILE, "/loop.html"), FARM.url(HOSTILE, "/drip.html"));
        assertThat(hostile.problems())
                .as("the bomb, cut at the cap and no notice, is reported, not skipped in silence")
                .anySatisfy(p -> {
                    assertThat(p.url()).isEqualTo(FARM.url(HOSTILE, "/bomb.html"));
                    assertThat(p.reason()).contains("cut at the cap");
                });
        // Page faults say nothing about the host: no back-off, and the dripping page was not tried again.
        assertThat(((MinDelayPoliteness) politeness).failures(HOSTILE)).isZero();
        assertThat(FARM.hits(HOSTILE, "/drip.html")).isEqualTo(1);
        assertThat(titles(records("hostile-" + RUN))).contains("GOOD/2023-00001", "GOOD/2023-00002", "BIG/2023-00001");

        CrawlEndpoint.SiteStatus status = endpoint.overview().sites().stream()
                .filter(s -> s.id().equals("hostile-" + RUN))
                .findFirst()
                .orElseThrow();
        assertThat(status.lastCrawl().problems()).isNotEmpty();
        assertThat(status.lastCrawlComplete()).isTrue();
    }

    @Test
    void aPageAtTheCapIsPublishedWithTheTruncationFlag() {
        awaitFirstRound();

        RawNotice big = records("hostile-" + RUN).stream()
                .filter(n -> n.body().contains("BIG/2023-00001"))
                .findFirst()
                .orElseThrow();
        assertThat(big.truncated()).isTrue();
        assertThat(big.rawBody()).as("left out to fit").isNull();
        assertThat(big.body()).contains("东湖区人民政府办公室", "大大大");
        assertThat(EventCodec.instance().write(big).length).isLessThanOrEqualTo(CAP);
    }

    @Test
    void ofTwoSitesCrawledAtOnceTheFastOneFinishesFirst() {
        Map<String, CrawlReport> reports = awaitFirstRound();

        CrawlReport slow = reports.get("slow-" + RUN);
        CrawlReport fast = reports.get("fast-" + RUN);
        assertThat(fast.published()).isEqualTo(3);
        assertThat(slow.published()).isEqualTo(3);
        assertThat(fast.finishedAt()).isBefore(slow.finishedAt());
        // Not one after the other: the fast site did not wait for the slow one to start or end.
        assertThat(fast.startedAt()).isBefore(slow.finishedAt());
    }

    private static List<String> titles(List<RawNotice> notices) {
        return notices.stream()
                .map(n -> n.body().replaceAll("(?s).*<title>([^<]*)</title>.*", "$1"))
                .toList();
    }

    /** Raw notices of one site in the topic. */
    private static List<RawNotice> records(String siteId) {
        List<RawNotice> found = new ArrayList<>();
        IngestApp.readToEnd(Topics.RAW, r -> {
            if (r.value() != null) {
                RawNotice n = EventCodec.instance().readRaw(r.value());
                if (n.siteId().equals(siteId)) {
                    found.add(n);
                }
            }
        });
        return found;
    }
}
