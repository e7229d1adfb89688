package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.gongkai.ingest.fetch.Validators;
import org.junit.jupiter.api.Test;

/** The crawl mark's record in the state topic: marks written before list validators were kept still decode. */
class MarkCodecTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @Test
    void aMarkWrittenBeforeListValidatorsWereKeptDecodesWithNoneAndNoFullWalkTime() {
        // exactly what the version before wrote (session 8's CrawlMark(siteId, startedAt, complete))
        byte[] old = "{\"siteId\":\"a\",\"startedAt\":\"2026-03-01T08:00:00Z\",\"complete\":true}"
                .getBytes(StandardCharsets.UTF_8);

        CrawlMark mark = MarkCodec.decode(old);

        assertThat(mark).isEqualTo(new CrawlMark("a", T0, true));
        assertThat(mark.lists()).isEmpty();
        assertThat(mark.fullWalkAt()).isNull();
        assertThat(mark.mirror()).as("the setting's default").isFalse();
    }

    @Test
    void aMarkOfASiteDeclaredAMirrorIsReadBackDeclared() {
        CrawlMark mark = new CrawlMark("a", T0, true).withMirror(true);

        assertThat(MarkCodec.decode(MarkCodec.encode(mark)).mirror()).isTrue();
    }

    @Test
    void aMarkWithListValidatorsIsReadBackWhole() {
        CrawlMark mark = new CrawlMark(
                "a",
                T0,
                true,
                Map.of(
                        "http://a.test/list.html",
                        new Validators("\"l1\"", "Sun, 01 Mar 2026 08:00:00 GMT"),
                        "http://a.test/list_2.html",
                        new Validators(null, "Sat, 28 Feb 2026 08:00:00 GMT"),
                        "http://a.test/通知/feed.xml",
                        new Validators("W/\"f1\"", null)),
                T0.minusSeconds(3600));

        assertThat(MarkCodec.decode(MarkCodec.encode(mark))).isEqualTo(mark);
    }

    @Test
    void aMarkWithoutValidatorsEncodesAsBeforePlusTheTwoNewFields() {
        String json = new String(MarkCodec.encode(new CrawlMark("a", T0, false)), StandardCharsets.UTF_8);

        assertThat(json)
                .startsWith("{\"siteId\":\"a\",\"startedAt\":\"2026-03-01T08:00:00Z\",\"complete\":false")
                .contains("\"lists\":{}");
    }
}
