package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state's JSON, as the state topic holds it ({@link KafkaCrawlState}, {@link RocksDbCrawlState}: the same
 * mapper): records written before session 15 (no {@code firstFault}) stay readable and their faults run from
 * their last one, states without faults do not grow, and the first fault of a run survives a round trip and
 * further faults, and a rolled-back service (session 14's shape) reads the new records; an alias's target (session
 * 16) survives a round trip, a navigation page's is its own URL (session 17), and a link-only record written before
 * has an unknown target.
 */
class UrlStateJsonTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader READER = JSON.readerFor(UrlState.class);
    private static final ObjectWriter WRITER = JSON.writerFor(UrlState.class);

    /** A page known only by two faults, as session 14 wrote it. */
    private static final String BEFORE_SESSION_15 = """
            {"url":"https://a.test/n/1.html","siteId":"a","etag":null,"lastModified":null,"contentHash":null,\
            "lastSeen":"2026-11-01T08:00:00Z","status":404,"nextVisit":"2026-11-01T10:00:00Z","revisitSeconds":3600,\
            "goneStrikes":0,"faults":2,"fault":"HTTP 404"}""";

    @Test
    void aRecordWrittenBeforeSession15IsReadAndItsFaultsRunFromItsLastOne() {
        UrlState old = READER.readValue(BEFORE_SESSION_15);

        assertThat(old.firstFault()).isNull();
        assertThat(old.isFaultedOnly()).isTrue();
        assertThat(old.faultingSince())
                .as("its last fault: never earlier than the real first")
                .isEqualTo(T0);

        UrlState third = UrlState.faulted(
                old, old.url(), "a", T0.plus(Duration.ofHours(2)), 404, "HTTP 404", Duration.ofHours(4));
        assertThat(third.firstFault()).as("kept through further faults").isEqualTo(T0);
    }

    /** {@link UrlState} as session 14 declared it: what a rolled-back service decodes. */
    record Session14State(
            String url,
            String siteId,
            String etag,
            String lastModified,
            String contentHash,
            Instant lastSeen,
            int status,
            Instant nextVisit,
            long revisitSeconds,
            int goneStrikes,
            int faults,
            String fault) {}

    @Test
    void aRecordWithAFirstFaultIsReadBySession14sStateSoARollbackKeepsItsState() {
        UrlState faulted =
                UrlState.faulted(null, "https://a.test/n/1.html", "a", T0, 404, "HTTP 404", Duration.ofHours(1));

        Session14State old = JSON.readValue(WRITER.writeValueAsBytes(faulted), Session14State.class);

        assertThat(old.faults()).isEqualTo(1);
        assertThat(old.fault()).isEqualTo("HTTP 404");
    }

    @Test
    void anAliasKeepsItsTargetThroughARoundTripAndARollbackReadsIt() {
        UrlState alias = UrlState.redirected(
                "https://a.test/go/bad", "a", T0, 500, Duration.ofHours(1), "https://b.test/doc/bad.html");
        byte[] json = WRITER.writeValueAsBytes(alias);

        assertThat((UrlState) READER.readValue(json)).isEqualTo(alias);
        assertThat(JSON.readValue(json, Session14State.class).url()).isEqualTo(alias.url());
        assertThat(READER.<UrlState>readValue(BEFORE_SESSION_15).target())
                .as("records written before: no target")
                .isNull();
        assertThat(new String(WRITER.writeValueAsBytes(UrlState.published(
                        "https://a.test/n/1.html", "a", null, null, "h1", T0, 200, Duration.ofHours(1)))))
                .as("other states do not grow")
                .doesNotContain("target");
    }

    /** A redirect's alias as sessions 14 and 15 wrote it (a navigation page of session 16 looks the same). */
    private static final String ALIAS_BEFORE_SESSION_16 = """
            {"url":"https://a.test/go/bad","siteId":"a","etag":null,"lastModified":null,"contentHash":null,\
            "lastSeen":"2026-11-01T08:00:00Z","status":500,"nextVisit":"2026-11-03T08:00:00Z","revisitSeconds":172800,\
            "goneStrikes":0,"faults":0,"fault":null}""";

    @Test
    void aLinkOnlyRecordWrittenBeforeSession17HasAnUnknownTargetAndOneWrittenNowDoesNot() {
        UrlState old = READER.readValue(ALIAS_BEFORE_SESSION_16);
        UrlState navigation = UrlState.navigation("https://a.test/about.html", "a", T0, 200, Duration.ofDays(1));

        assertThat(old.isLinkOnly()).isTrue();
        assertThat(old.targetUnknown())
                .as("an alias or a navigation page: where it leads is unknown")
                .isTrue();
        assertThat(navigation.target()).as("a navigation page answered itself").isEqualTo(navigation.url());
        assertThat((UrlState) READER.readValue(WRITER.writeValueAsBytes(navigation)))
                .satisfies(read -> assertThat(read.targetUnknown()).isFalse());
        assertThat(UrlState.redirected(old.url(), "a", T0, 200, Duration.ofHours(1), "https://a.test/n/1.html")
                        .targetUnknown())
                .isFalse();
        assertThat(READER.<UrlState>readValue(BEFORE_SESSION_15).targetUnknown())
                .as("a faulted page is no link")
                .isFalse();
    }

    @Test
    void aStateWithoutFaultsIsWrittenWithoutAFirstFault() {
        UrlState published =
                UrlState.published("https://a.test/n/1.html", "a", null, null, "h1", T0, 200, Duration.ofHours(1));

        assertThat(new String(WRITER.writeValueAsBytes(published))).doesNotContain("firstFault");
        assertThat(published.faultingSince()).isNull();
    }

    @Test
    void theFirstFaultOfARunSurvivesARoundTripAndFurtherFaultsAndASuccessEndsTheRun() {
        UrlState first = UrlState.faulted(null, "https://a.test/n/1.html", "a", T0, 0, "timeout", Duration.ofHours(1));
        UrlState second = UrlState.faulted(
                READER.readValue(WRITER.writeValueAsBytes(first)),
                first.url(),
                "a",
                T0.plus(Duration.ofHours(1)),
                0,
                "timeout",
                Duration.ofHours(2));

        assertThat(first.firstFault()).isEqualTo(T0);
        assertThat((UrlState) READER.readValue(WRITER.writeValueAsBytes(second)))
                .isEqualTo(second);
        assertThat(second.firstFault()).isEqualTo(T0);
        assertThat(second.faultingSince()).isEqualTo(T0);

        UrlState fetched = UrlState.published(
                first.url(), "a", null, null, "h1", T0.plus(Duration.ofHours(3)), 200, Duration.ofHours(1));
        UrlState faultedAgain = UrlState.faulted(
                fetched, first.url(), "a", T0.plus(Duration.ofHours(5)), 403, "HTTP 403", Duration.ofHours(1));
        assertThat(faultedAgain.firstFault()).as("a new run").isEqualTo(T0.plus(Duration.ofHours(5)));
    }
}
