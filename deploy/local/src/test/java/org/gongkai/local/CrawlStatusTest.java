package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrawlStatusTest {

    @Test
    void eachSiteShowsItsRunningCrawlWithItsStartItsLastCrawlWithEveryOutcomeAndItsProblems() {
        String json = """
                {"running":["gov"],"nextScheduledCrawl":"2026-12-04T20:00:00Z","sites":[
                 {"id":"gov","name":"gov","listUrls":[],"lastCrawl":null,"nextCrawl":"2026-12-04T19:59:00Z","knownNotices":12,"knownUrls":20,"knownFaultedOnly":3,
                  "progress":{"siteId":"gov","startedAt":"2026-12-04T19:59:00Z","pagesDone":12,"queued":8,"failed":1,"published":11,
                              "waitingForPoliteness":1,"listPages":1},"lastCrawlComplete":false},
                 {"id":"demo","knownNotices":54,"knownUrls":54,"nextCrawl":"2026-12-04T21:00:00Z","progress":null,
                  "lastCrawl":{"published":54,"unchanged":0,"notDue":3,"skipped":3,"skippedFor":{"no notice metadata":2,"not text":1},"failed":2,"deferred":0,"denied":1,"missing":2,"deleted":1,"unpublishable":1,"faulted":4,"givenUp":2,"complete":true,
                               "problems":[{"url":"http://127.0.0.1:18080/loop.html","reason":"fetch failed: redirect loop"}]}}
                ]}""";

        assertThat(CrawlStatus.lines(json))
                .containsExactly(
                        "gov                  crawling: 12 pages done, 8 queued, 1 failed, 1 waiting for politeness;"
                                + " 12 notices known (20 URLs, 3 known only by faults), crawl started 2026-12-04T19:59:00Z",
                        "demo                 last crawl: 54 published, 0 unchanged, 3 not due, 3 skipped (no notice metadata 2, not text 1),"
                                + " 2 failed,"
                                + " 0 deferred, 1 denied, 2 missing, 1 deleted,"
                                + " 1 unpublishable, 4 faulted, 2 given up; 54 notices known, next crawl 2026-12-04T21:00:00Z",
                        "    http://127.0.0.1:18080/loop.html: fetch failed: redirect loop");
    }

    @Test
    void linksToOtherHostsAreShownByHostWhenThereAreAnyNotAsSkippedPages() {
        String json = """
                {"sites":[{"id":"gov","knownNotices":3,"lastCrawl":{"published":0,"unchanged":3,"notDue":0,"skipped":0,
                  "skippedFor":{},"otherHostLinks":17,"otherHosts":{"xxgk.x.gov.cn":12,"www.gov.cn":3,"beian.miit.gov.cn":1,
                  "www.x.gov.cn":1},"complete":true,"problems":[]}}]}""";

        assertThat(CrawlStatus.lines(json))
                .containsExactly(
                        "gov                  last crawl: 0 published, 3 unchanged, 0 not due, 0 skipped, 0 failed,"
                                + " 0 deferred, 0 denied, 0 missing, 0 deleted, 0 unpublishable, 0 faulted,"
                                + " 0 given up, 17 links to other hosts not followed (xxgk.x.gov.cn 12, www.gov.cn 3,"
                                + " beian.miit.gov.cn 1, …); 3 notices known");
    }

    @Test
    void listPagesThatAnswered304AreShownWhenThereAreAny() {
        String json = """
                {"sites":[{"id":"gov","knownNotices":3,"lastCrawl":{"published":0,"unchanged":0,"notDue":3,
                  "listPages":0,"listPagesNotModified":2,"complete":true,"problems":[]}}]}""";

        assertThat(CrawlStatus.lines(json))
                .containsExactly(
                        "gov                  last crawl: 0 published, 0 unchanged, 3 not due, 0 skipped, 0 failed,"
                                + " 0 deferred, 0 denied, 0 missing, 0 deleted, 0 unpublishable, 0 faulted,"
                                + " 0 given up, 2 list pages not modified; 3 notices known");
    }

    @Test
    void aLastCrawlThatEndedWithAnErrorSaysWhyItStopped() {
        String json = """
                {"sites":[{"id":"hang","knownNotices":2,"lastCrawl":{"published":0,"unchanged":0,"notDue":2,
                  "complete":true,"problems":[],"error":"crawl state not stored: the broker failed 9 state record(s)"}},
                 {"id":"good","knownNotices":60,"lastCrawl":{"published":11,"failed":9,"complete":false,"problems":[],
                  "error":"notice db63ac6d87bd2228 not acknowledged: TimeoutException"}}]}""";

        assertThat(CrawlStatus.lines(json))
                .containsExactly(
                        "hang                 last crawl: 0 published, 0 unchanged, 2 not due, 0 skipped, 0 failed,"
                                + " 0 deferred, 0 denied, 0 missing, 0 deleted, 0 unpublishable, 0 faulted,"
                                + " 0 given up (stopped: crawl state not stored: the broker failed 9 state record(s));"
                                + " 2 notices known",
                        "good                 last crawl: 11 published, 0 unchanged, 0 not due, 0 skipped, 9 failed,"
                                + " 0 deferred, 0 denied, 0 missing, 0 deleted, 0 unpublishable, 0 faulted,"
                                + " 0 given up (incomplete) (stopped: notice db63ac6d87bd2228 not acknowledged:"
                                + " TimeoutException); 60 notices known");
    }
}
