package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EnrichedNotice;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed by every route a text extract reaches the enricher (issue 13): a plain-text page or WET record (the
 * extract with its title line first, as Common Crawl writes WET text), an HTML page holding the extract in a
 * {@code <pre>}, and HTML pages that render each line of it as a paragraph or between {@code <br>}s. Each must
 * give the same notice, with exactly the flags the page deserves (the model predicting another first level than the
 * declared 综合政务 is {@code subject.disagreement}, not a flag).
 */
class SeedRoutesTest {

    static final String SEED = Fixtures.text("seed/000_dfb611d724c5a3ca.txt");
    /** The notice's headline, in the mirror's script (the seed itself has none: its first line is metadata). */
    static final String TITLE = "區委退役軍人事務工作領導小組2023年第一次全體會議召開";

    record Route(String name, String contentType, String content) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Route> routes() {
        String escaped = Entities.escape(SEED);
        String head = "<html><head><title>" + TITLE + "</title></head><body>";
        String paragraphs =
                SEED.lines().map(l -> "<p>" + Entities.escape(l) + "</p>").collect(Collectors.joining("\n"));
        String breaks = SEED.lines().map(Entities::escape).collect(Collectors.joining("<br>\n"));
        return List.of(
                new Route("text page", "text/plain", TITLE + "\n\n" + SEED),
                new Route("pre", "text/html", head + "<pre>" + escaped + "</pre></body></html>"),
                new Route(
                        "pre with the title line",
                        "text/html",
                        head + "<pre>" + TITLE + "\n" + escaped + "</pre></body></html>"),
                new Route(
                        "paragraphs",
                        "text/html",
                        head + "<div class=\"content\">" + paragraphs + "</div></body></html>"),
                new Route("br lines", "text/html", head + "<div>" + breaks + "</div></body></html>"));
    }

    private static EnrichedNotice enrich(Route route) {
        return new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry())
                .enrich(Fixtures.raw(
                        "http://mirror.example.com/000_dfb611d724c5a3ca.html", route.contentType(), route.content()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everyRouteYieldsTheSameFieldsAsTheIssueLists(Route route) {
        EnrichedNotice notice = enrich(route);
        EnrichedNotice.Metadata m = notice.metadata();
        assertThat(notice.title()).isEqualTo("区委退役军人事务工作领导小组2023年第一次全体会议召开");
        assertThat(m.indexNumber()).isEqualTo("ncsdhqtyjrswj--2023-0013");
        assertThat(m.subjectCategory()).isEqualTo("综合政务");
        assertThat(m.publisher()).isEqualTo("南昌市东湖区退役军人事务局");
        assertThat(m.writtenAt()).isEqualTo(OffsetDateTime.parse("2023-08-03T11:20+08:00"));
        assertThat(m.documentNumber()).isNull();
        assertThat(m.validity()).isEqualTo("valid");
        assertThat(m.disclosureScope()).isEqualTo("面向全社会");
        assertThat(m.disclosureMode()).isEqualTo("主动公开");
        assertThat(notice.flags()).containsExactlyInAnyOrder("traditional_script", "mirror_artefacts");
        assertThat(notice.subject().first()).isEqualTo("综合政务");
        assertThat(notice.labels()).hasSize(8).containsEntry("文件编号", "");
        assertThat(notice.body())
                .startsWith("8月2日上午,区委退役军人事务工作领导小组2023年第一次全体会议召开,区委书记高辉红主持会议并讲话")
                .endsWith("重点工作落地落实。")
                .doesNotContain("(qū)", ": |", "索引", "ncsdhqtyjrswj", "区委退役军人事务工作领导小组2023年第一次全体会议召开\n");
        assertThat(notice.body().lines()).hasSize(7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everyRouteYieldsTheTextPagesBodyAndDetails(Route route) {
        EnrichedNotice text = enrich(routes().get(0));
        EnrichedNotice notice = enrich(route);
        assertThat(notice.body()).isEqualTo(text.body());
        assertThat(notice.details()).isEqualTo(text.details());
        assertThat(notice.labels()).isEqualTo(text.labels());
    }
}
