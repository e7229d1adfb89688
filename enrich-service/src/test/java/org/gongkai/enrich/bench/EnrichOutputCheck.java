package org.gongkai.enrich.bench;

import com.ibm.icu.text.Transliterator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.pipeline.NoticeEnricher;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.jsoup.nodes.Entities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the enriched event of many real pages, one JSON line each, so that the output of two builds can be
 * compared byte for byte ({@code cmp}) after a change meant to keep it (object keys sorted: the event's maps have no fixed order): each of the real notices of
 * shared/data/real-notices rendered in deploy/bench's three page templates (its own body, and ~2,000 characters
 * as the benchmark's corpus), as a Traditional mirror copy of the first, and as the text extracts
 * {@code RealNoticeTextBlocksTest} reads (a text page, a {@code <pre>}, paragraphs), plus the test fixtures and the
 * seed. Fails when {@link EventCodec} writes an event otherwise than databind without its Blackbird module
 * ({@link EventCodec#plainMapper()}). A harness, not a test (it has no expected output of its own). Prints the number of pages and the SHA-256 of
 * the file. Run from the repository root with the test class path (module README):
 *
 * <pre>
 * java -cp … org.gongkai.enrich.bench.EnrichOutputCheck /tmp/enriched.jsonl [real-notices.jsonl]
 * </pre>
 */
public final class EnrichOutputCheck {

    private static final List<String> FIXTURES = List.of(
            "bare.html",
            "div-list.html",
            "gbk-ucap.html",
            "meta-only.html",
            "mirror-reply.html",
            "mirror.html",
            "missing.html",
            "odd-forms.html",
            "trs-table.html");

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private static final JsonMapper PLAIN = EventCodec.plainMapper();

    private EnrichOutputCheck() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<RawNotice> pages = pages(BenchPages.readReal(BenchPages.realNotices(args.length > 1 ? args[1] : null)));
        NoticeEnricher enricher = new NoticeEnricher(
                "check", Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC), new SimpleMeterRegistry());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream file = Files.newOutputStream(out)) {
            for (RawNotice raw : pages) {
                write(enricher, raw, file, sha);
            }
        }
        System.out.printf(
                "%d pages enriched into %s, SHA-256 %s%n",
                pages.size(), out, HexFormat.of().formatHex(sha.digest()));
    }

    /** The pages checked: each real notice in several shapes, then the fixtures and the seed (see the class). */
    static List<RawNotice> pages(List<JsonNode> real) {
        Transliterator toTraditional = Transliterator.getInstance("Simplified-Traditional");
        Random random = new Random(42);
        List<RawNotice> raws = new ArrayList<>();
        for (int n = 0; n < real.size(); n++) {
            JsonNode notice = real.get(n);
            String url = "https://www.check.gov.cn/xxgk/t" + n + ".html";
            String first = null;
            for (int template = 0; template < 3; template++) {
                String html = BenchPages.page(template, notice, "check-" + n, "utf-8");
                first = first == null ? html : first;
                raws.add(Fixtures.raw(url.replace(".html", "-" + template + ".html"), "text/html", html));
            }
            raws.add(Fixtures.raw(
                    url.replace(".html", "-long.html"), "text/html", BenchPages.page(n, random, real, "utf-8")));
            raws.add(Fixtures.raw(url.replace("xxgk", "fanti"), "text/html", toTraditional.transliterate(first)));
            for (String route : List.of("text", "pre", "paragraphs")) {
                raws.add(Fixtures.raw(
                        url.replace(".html", "-" + route + ".html"),
                        route.equals("text") ? "text/plain" : "text/html",
                        textExtract(notice, route)));
            }
        }
        for (String fixture : FIXTURES) {
            raws.add(Fixtures.raw(
                    "https://www.check.gov.cn/fixtures/" + fixture, "text/html", Fixtures.text("fixtures/" + fixture)));
        }
        raws.add(Fixtures.raw(
                "https://www.check.gov.cn/seed.txt", "text/plain", Fixtures.text("seed/000_dfb611d724c5a3ca.txt")));
        return raws;
    }

    private static void write(NoticeEnricher enricher, RawNotice raw, OutputStream file, MessageDigest sha)
            throws Exception {
        EnrichedNotice enriched = enricher.enrich(raw);
        byte[] written = EventCodec.instance().write(enriched);
        // the codec's Blackbird module must not change a byte: compared in this JVM, where the maps iterate alike
        if (!Arrays.equals(written, PLAIN.writeValueAsBytes(enriched))) {
            throw new IllegalStateException("EventCodec and plain databind write " + raw.url() + " differently");
        }
        // the event's maps (labels) are immutable maps whose iteration order changes from one JVM to the next, so
        // the event is written with its map keys sorted: the same event gives the same line in every run
        byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.readValue(written, Object.class));
        file.write(json);
        file.write('\n');
        sha.update(json);
        sha.update((byte) '\n');
    }

    /** The notice as a text extract carries it (title line, flattened metadata rows, body), like RealNoticeTextBlocksTest. */
    private static String textExtract(JsonNode n, String route) {
        List<String> lines = new ArrayList<>();
        String title = n.path("title").asString("");
        lines.add(title);
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> label : List.of(
                Map.entry("索引号", "index_number"),
                Map.entry("主题分类", "subject_raw"),
                Map.entry("发布机构", "publisher"),
                Map.entry("成文日期", "written"),
                Map.entry("文号", "document_number"),
                Map.entry("发布日期", "published"))) {
            String value = n.path(label.getValue()).asString(null);
            if (value != null) {
                pairs.add(label.getKey() + ": | " + value + " |");
            }
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            lines.add(String.join(" ", pairs.subList(i, Math.min(i + 2, pairs.size()))));
        }
        lines.addAll(n.path("body").asString("").lines().toList());
        String head = "<html><head><title>" + Entities.escape(title) + "_政府信息公开</title></head><body>";
        return switch (route) {
            case "text" -> String.join("\n", lines);
            case "pre" ->
                head + "<pre>" + Entities.escape(String.join("\n", lines.subList(1, lines.size())))
                        + "</pre></body></html>";
            default ->
                head + "<div class=\"content\">"
                        + lines.subList(1, lines.size()).stream()
                                .map(l -> "<p>" + Entities.escape(l) + "</p>")
                                .collect(Collectors.joining("\n"))
                        + "</div></body></html>";
        };
    }
}
