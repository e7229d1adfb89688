package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.Test;

/**
 * A notice from a site its operator declared a mirror ({@code RawNotice.mirror}) is flagged {@code declared_mirror},
 * even when its page is byte for byte the original's (the government portal republishing a department's page): the
 * page itself shows nothing a mirror could be told by, so only the declaration tells the portal which copy is the
 * original. The flag is the site's word, apart from {@code mirror_artefacts} (pinyin glosses found on the page).
 */
class DeclaredMirrorTest {

    private static final String PAGE = Fixtures.text("fixtures/trs-table.html");

    private final NoticeEnricher enricher = new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry());

    @Test
    void aPageFromADeclaredMirrorIsFlaggedSoAndKeepsTheOriginalsIdentity() {
        RawNotice original = Fixtures.raw("http://www.dhq.gov.cn/xxgk/tzgg/202311/t20231120_1.html", "text/html", PAGE);
        RawNotice copy = Fixtures.raw("http://www.nc.gov.cn/zwgk/202311/t20231120_9.html", "text/html", PAGE)
                .asMirror();

        EnrichedNotice fromOriginal = enricher.enrich(original);
        EnrichedNotice fromMirror = enricher.enrich(copy);

        assertThat(fromMirror.flags()).contains("declared_mirror").doesNotContain("mirror_artefacts");
        assertThat(fromOriginal.flags()).doesNotContain("declared_mirror");
        assertThat(fromMirror.flags()).containsAll(fromOriginal.flags());
        assertThat(fromMirror.details().mirrorArtefacts())
                .as("no glosses on the page")
                .isFalse();
        assertThat(fromMirror.details().identity())
                .isEqualTo(fromOriginal.details().identity());
        EventSchemas.assertValid(
                EventSchemas.ENRICHED_NOTICE_V1, EventCodec.instance().write(fromMirror));
    }
}
