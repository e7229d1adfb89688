package org.gongkai.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.junit.jupiter.api.Test;

/** Raw notices are made to fit one Kafka record, dropping what matters least first. */
class RecordFitTest {

    private static final int LIMIT = 1024 * 1024;
    /** Keeps the raw bytes where they fit, so the whole order of what is dropped shows. */
    private final RecordFit fit = new RecordFit(LIMIT, true);

    private static RawNotice notice(String body, byte[] raw, List<RawNotice.Attachment> attachments) {
        return new RawNotice(
                RawNotice.SCHEMA_VERSION,
                "0123456789abcdef",
                "http://portal.test/n.html",
                "http://portal.test/n.html",
                "site",
                "crawl",
                Instant.parse("2026-03-04T05:06:07Z"),
                1L,
                200,
                null,
                "text/html",
                "UTF-8",
                "header",
                body,
                raw,
                false,
                "0".repeat(64),
                attachments);
    }

    private static int size(RawNotice n) {
        return EventCodec.instance().write(n).length;
    }

    @Test
    void anOrdinaryNoticeIsLeftAsItIs() {
        String body = "<p>通知正文</p>".repeat(500);
        RawNotice n = notice(body, body.getBytes(StandardCharsets.UTF_8), List.of());

        assertThat(fit.fit(n)).isSameAs(n);
    }

    @Test
    void unlessTheyAreKeptTheRawBytesAreLeftOutOfEveryRecordAndNothingElseChanges() {
        String body = "<p>通知正文</p>".repeat(500);
        RawNotice n = notice(body, body.getBytes(StandardCharsets.UTF_8), List.of());

        RawNotice fitted = new RecordFit(LIMIT, false).fit(n);

        assertThat(fitted.rawBody()).isNull();
        assertThat(fitted).usingRecursiveComparison().ignoringFields("rawBody").isEqualTo(n);
        assertThat(new RecordFit(LIMIT, true).fit(n)).isSameAs(n);
    }

    @Test
    void withoutBeingToldTheRawBytesAreLeftOutAsByTheServiceByDefault() {
        String body = "<p>通知正文</p>".repeat(500);
        RawNotice n = notice(body, body.getBytes(StandardCharsets.UTF_8), List.of());

        RawNotice fitted = new RecordFit(LIMIT).fit(n);

        assertThat(fitted.rawBody()).isNull();
        assertThat(fitted).usingRecursiveComparison().ignoringFields("rawBody").isEqualTo(n);
    }

    @Test
    void theRawBytesGoFirstWhenTheyAloneMakeTheRecordTooLarge() {
        String body = "大".repeat(200_000); // 600 kB of UTF-8
        RawNotice n = notice(body, body.getBytes(StandardCharsets.UTF_8), List.of());
        assertThat(size(n)).isGreaterThan(LIMIT);

        RawNotice fitted = fit.fit(n);

        assertThat(fitted.rawBody()).isNull();
        assertThat(fitted.body()).isEqualTo(body);
        assertThat(fitted.truncated()).isFalse();
        assertThat(size(fitted)).isLessThanOrEqualTo(fit.maxBytes());
    }

    @Test
    void thenAttachmentTextsLargestFirstThenTheBodyWhichIsMarkedTruncated() {
        String body = "大".repeat(400_000);
        List<RawNotice.Attachment> attachments = List.of(
                new RawNotice.Attachment(
                        "http://portal.test/a.pdf", "a", "application/pdf", "表".repeat(100_000), false, null),
                new RawNotice.Attachment("http://portal.test/b.pdf", "b", "application/pdf", "小", false, null));
        RawNotice fitted = fit.fit(notice(body, body.getBytes(StandardCharsets.UTF_8), attachments));

        assertThat(fitted.attachments().get(0).text()).isNull();
        assertThat(fitted.attachments().get(0).truncated()).isTrue();
        assertThat(fitted.attachments().get(0).error()).isEqualTo(RecordFit.DROPPED);
        // The body is the notice: every attachment text goes before it is cut.
        assertThat(fitted.attachments().get(1).text()).isNull();
        assertThat(fitted.truncated()).isTrue();
        assertThat(body).startsWith(fitted.body());
        assertThat(fitted.body().length()).isGreaterThan(300_000);
        assertThat(size(fitted)).isLessThanOrEqualTo(fit.maxBytes());
    }

    @Test
    void attachmentTextsGoLargestFirstAndOnlyWhileTheRecordIsTooLarge() {
        String body = "大".repeat(200_000);
        List<RawNotice.Attachment> attachments = List.of(
                new RawNotice.Attachment("http://portal.test/a.pdf", "a", null, "表".repeat(150_000), false, null),
                new RawNotice.Attachment("http://portal.test/b.pdf", "b", null, "小".repeat(1_000), false, null));
        RawNotice fitted = fit.fit(notice(body, null, attachments));

        assertThat(fitted.attachments().get(0).text()).isNull();
        assertThat(fitted.attachments().get(1).text()).hasSize(1_000);
        assertThat(fitted.body()).isEqualTo(body);
        assertThat(fitted.truncated()).isFalse();
    }

    @Test
    void escapedCharactersAreMeasuredNotGuessed() {
        String body = "\u0001".repeat(400_000); // six bytes each in JSON
        RawNotice fitted = fit.fit(notice(body, null, List.of()));

        assertThat(fitted.truncated()).isTrue();
        assertThat(size(fitted)).isLessThanOrEqualTo(fit.maxBytes());
        assertThat(size(fitted)).isGreaterThan(fit.maxBytes() * 9 / 10);
    }
}
