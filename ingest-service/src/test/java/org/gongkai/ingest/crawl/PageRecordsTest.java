package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.gongkai.ingest.TestConfigs;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.Site;
import org.junit.jupiter.api.Test;

/** What a visit's outcome leaves in the page's crawl state (revisit-min 1h, revisit-max 7d). */
class PageRecordsTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final String URL = "http://portal.test/xxgk/t1.html";
    private static final String ID = "0123456789abcdef";
    private static final Site SITE = TestConfigs.site("dhq", List.of("http://portal.test/"), false, 100);

    private final InMemoryCrawlState state = new InMemoryCrawlState();
    private final PageRecords records = new PageRecords(
            state,
            new RevisitPolicy(TestConfigs.state("t", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7))),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anAcknowledgedNoticeIsRecordedAsPublishedWithItsValidatorsAndHashDueAfterRevisitMin() {
        NoticeOutcome outcome = records.acknowledged(sent(null, answer(200, "\"e1\"")), null);

        assertThat(outcome).isEqualTo(NoticeOutcome.PUBLISHED);
        UrlState recorded = records.known(ID);
        assertThat(recorded.etag()).isEqualTo("\"e1\"");
        assertThat(recorded.contentHash()).isEqualTo("hash-1");
        assertThat(recorded.nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(recorded.wasPublished()).isTrue();
        assertThat(recorded.isUnpublishable()).isFalse();
        assertThat(recorded.faults()).isZero();
    }

    @Test
    void aRefusedNoticeIsRecordedByItsHashWithTheReasonAndOneMoreFault() {
        records.pageFault(null, SITE, URL, ID, null, 0, "connection reset");
        UrlState known = records.known(ID);

        NoticeOutcome outcome = records.acknowledged(
                sent(known, answer(200, "\"e2\"")), new PublishException("record too large", null, false));

        assertThat(outcome).isEqualTo(NoticeOutcome.UNPUBLISHABLE);
        UrlState recorded = records.known(ID);
        assertThat(recorded.isUnpublishable()).isTrue();
        assertThat(recorded.fault()).endsWith("record too large");
        assertThat(recorded.contentHash()).isEqualTo("hash-1");
        assertThat(recorded.etag()).isEqualTo("\"e2\"");
        assertThat(recorded.faults()).isEqualTo(2);
    }

    @Test
    void aBrokerAwayRecordsNothingSoThePageIsSentAgain() {
        NoticeOutcome outcome = records.acknowledged(
                sent(null, answer(200, null)), new PublishException("broker unavailable", null, true));

        assertThat(outcome).isEqualTo(NoticeOutcome.FAILED);
        assertThat(records.known(ID)).isNull();
    }

    @Test
    void anUnchangedPageKeepsItsValidatorsUnlessTheAnswerHasNewOnesAndWaitsTwiceAsLong() {
        records.acknowledged(sent(null, answer(200, "\"e1\"")), null);

        NoticeOutcome outcome = records.unchanged(SITE, ID, records.known(ID), answer(304, null));

        assertThat(outcome).isEqualTo(NoticeOutcome.UNCHANGED);
        assertThat(records.known(ID).etag()).isEqualTo("\"e1\"");
        assertThat(records.known(ID).status()).isEqualTo(304);
        assertThat(records.known(ID).nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        records.unchanged(SITE, ID, records.known(ID), answer(200, "\"e3\""));
        assertThat(records.known(ID).etag()).isEqualTo("\"e3\"");
    }

    @Test
    void eachFurtherPageFaultDoublesTheRetryAndKeepsWhatWasPublished() {
        records.acknowledged(sent(null, answer(200, "\"e1\"")), null);

        records.pageFault(null, SITE, URL, ID, records.known(ID), 404, "HTTP 404");
        assertThat(records.known(ID).nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        records.pageFault(null, SITE, URL, ID, records.known(ID), 404, "HTTP 404");

        UrlState recorded = records.known(ID);
        assertThat(recorded.nextVisit()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(recorded.faults()).isEqualTo(2);
        assertThat(recorded.fault()).isEqualTo("HTTP 404");
        assertThat(recorded.contentHash()).isEqualTo("hash-1");
    }

    @Test
    void aNoticeMissingOnceIsKeptWithAStrikeAndOneGoneIsForgotten() {
        records.acknowledged(sent(null, answer(200, null)), null);

        records.missing(ID, records.known(ID), answer(404, null));
        assertThat(records.known(ID).goneStrikes()).isEqualTo(1);
        records.gone(ID);
        assertThat(records.known(ID)).isNull();
    }

    private static PageRecords.Sent sent(UrlState known, FetchResult result) {
        return new PageRecords.Sent(SITE, URL, ID, known, result, "hash-1", null);
    }

    private static FetchResult answer(int status, String etag) {
        HttpHeaders headers =
                HttpHeaders.of(etag == null ? Map.of() : Map.of("etag", List.of(etag)), (name, value) -> true);
        return new FetchResult(URI.create(URL), URI.create(URL), status, headers, new byte[0], false, NOW);
    }
}
