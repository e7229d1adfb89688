package org.gongkai.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gongkai.ingest.crawl.CrawlReport;
import org.gongkai.ingest.crawl.CrawlScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An interrupted crawl resumes exactly (real broker, state in its compacted topic): the crawler is stopped while
 * it waits for list page 2, after the 10 notices of page 1 were published. After the restart the notices of page
 * 1 are known and not due, yet paging goes on, because the crawl before did not go to its end: the 10 notices of
 * page 2 are published. The crawl after that, following a complete one, stops at page 1 as before.
 */
class ResumeIT {

    private static final String SITE = "resume-" + UUID.randomUUID().toString().substring(0, 8);
    private static final PortalFarm PORTAL = new PortalFarm();
    private static final TwoPageList LIST = new TwoPageList(PORTAL, "R/2023-000");

    @AfterAll
    static void stopPortal() {
        LIST.close();
        PORTAL.close();
    }

    private static ConfigurableApplicationContext start() {
        return IngestApp.startIngest(SITE, LIST.listUrl(), "--gongkai.ingest.fetch.read-timeout=3s");
    }

    @Test
    void aCrawlStoppedBetweenListPagesPublishesEveryNoticeOfTheListAfterTheRestart() throws Exception {
        // Page 2 first waits (TwoPageList): the crawler is stopped while it waits for it.
        try (ConfigurableApplicationContext first = start()) {
            first.getBean(CrawlScheduler.class).crawlNow(SITE);
            await().atMost(Duration.ofSeconds(60)).until(() -> published().size() == 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> LIST.page2Hits() == 1);
        } // closing stops the crawl in the middle of its list
        assertThat(published()).hasSize(10);

        LIST.servePage2();
        try (ConfigurableApplicationContext second = start()) {
            CrawlScheduler scheduler = second.getBean(CrawlScheduler.class);
            CrawlReport resumed = scheduler.crawlNow(SITE).get(60, TimeUnit.SECONDS);
            assertThat(resumed.published()).as("%s", resumed).isEqualTo(10);
            assertThat(resumed.notDue()).isEqualTo(10);
            assertThat(resumed.complete()).isTrue();
            assertThat(published()).hasSize(20);

            int page2Hits = LIST.page2Hits();
            CrawlReport after = scheduler.crawlNow(SITE).get(60, TimeUnit.SECONDS);
            assertThat(after.published()).isZero();
            assertThat(LIST.page2Hits())
                    .as("after a complete crawl, a page of known notices ends the paging")
                    .isEqualTo(page2Hits);
        }
        assertThat(published()).isEqualTo(LIST.all());
    }

    /** Keys of the site's raw notices in the topic. */
    private static Set<String> published() {
        return LIST.published();
    }
}
