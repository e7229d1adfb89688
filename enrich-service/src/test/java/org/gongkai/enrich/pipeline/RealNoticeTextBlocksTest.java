package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.normalise.Publishers;
import org.gongkai.enrich.normalise.Widths;
import org.gongkai.events.EnrichedNotice;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real notices ({@code real-notices/sample.jsonl}: 44 of {@code shared/data/real-notices}, every one with an index
 * number plus some of the gov.cn and Hebei sources) rendered the way text extracts carry them: the title line,
 * the metadata table flattened to {@code label: | value |} rows, then the body. Each is read as a plain-text page
 * (a WET record), as an HTML {@code <pre>} and as HTML paragraphs, and must give back the notice's own values.
 */
class RealNoticeTextBlocksTest {

    private static final NoticeEnricher ENRICHER =
            new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry());

    record Notice(JsonNode source, String route) {
        String text(String field) {
            return source.path(field).asString(null);
        }

        @Override
        public String toString() {
            return route + " " + text("title");
        }
    }

    static List<Notice> notices() {
        List<Notice> notices = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        for (String line : Fixtures.text("real-notices/sample.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode source = json.readTree(line);
            for (String route : List.of("text", "pre", "paragraphs")) {
                notices.add(new Notice(source, route));
            }
        }
        return notices;
    }

    /** The flattened metadata rows, two pairs a row as on TRS pages, only the fields the source has. */
    static List<String> metadataRows(Notice n) {
        List<String> pairs = new ArrayList<>();
        add(pairs, "索引号", n.text("index_number"));
        add(pairs, "主题分类", n.text("subject_raw"));
        add(pairs, "发布机构", n.text("publisher"));
        add(pairs, "成文日期", n.text("written"));
        add(pairs, "文号", n.text("document_number"));
        add(pairs, "发布日期", n.text("published"));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            rows.add(String.join(" ", pairs.subList(i, Math.min(i + 2, pairs.size()))));
        }
        return rows;
    }

    private static void add(List<String> pairs, String label, String value) {
        if (value != null) {
            pairs.add(label + ": | " + value + " |");
        }
    }

    static EnrichedNotice enrich(Notice n) {
        List<String> lines = new ArrayList<>();
        lines.add(n.text("title"));
        lines.addAll(metadataRows(n));
        lines.addAll(n.text("body").lines().toList());
        String head = "<html><head><title>" + Entities.escape(n.text("title")) + "_政府信息公开</title></head><body>";
        String content = switch (n.route()) {
            case "text" -> String.join("\n", lines);
            case "pre" ->
                head
                        + "<pre>"
                        + Entities.escape(String.join("\n", lines.subList(1, lines.size())))
                        + "</pre></body></html>";
            default ->
                head
                        + "<div class=\"content\">"
                        + lines.subList(1, lines.size()).stream()
                                .map(l -> "<p>" + Entities.escape(l) + "</p>")
                                .collect(Collectors.joining("\n"))
                        + "</div></body></html>";
        };
        return ENRICHER.enrich(Fixtures.raw(
                n.source()
                        .path("url")
                        .asString(
                                "http://www.gov.cn/" + Math.abs(n.text("title").hashCode()) + ".htm"),
                n.route().equals("text") ? "text/plain" : "text/html",
                content));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notices")
    void theTextBlockGivesBackTheNoticesOwnValues(Notice n) {
        EnrichedNotice notice = enrich(n);
        EnrichedNotice.Metadata m = notice.metadata();
        assertThat(notice.title()).isEqualTo(Widths.fold(n.text("title")));
        assertThat(m.indexNumber()).isEqualTo(n.text("index_number"));
        // joint publishers ("商务部 中国银行") stay apart, whatever the layout
        assertThat(m.publisher())
                .isEqualTo(
                        n.text("publisher") == null ? null : n.text("publisher").replace(" ", Publishers.JOINT));
        assertThat(m.documentNumber()).isEqualTo(n.text("document_number"));
        assertThat(m.writtenAt()).isEqualTo(date(n.text("written")));
        assertThat(m.publishedAt()).isEqualTo(date(n.text("published")));
        assertThat(notice.flags()).doesNotContain("no_metadata", "no_body", "no_title");
        assertThat(notice.body()).doesNotContain(": |");
        for (String line : n.text("body")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList()) {
            if (!line.equals(n.text("title"))) {
                // HTML collapses runs of spaces
                assertThat(notice.body().replaceAll(" +", " "))
                        .as("body line")
                        .contains(Widths.fold(line).replaceAll(" +", " "));
            }
        }
    }

    private static java.time.OffsetDateTime date(String value) {
        return value == null ? null : LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.ofHours(8));
    }
}
