package org.gongkai.enrich.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gongkai.enrich.extract.LabelValueParser.Pair;
import org.gongkai.enrich.extract.Segmenter.Segment;
import org.gongkai.enrich.normalise.Field;
import org.gongkai.enrich.normalise.RawField;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Extracts notices from HTML pages with jsoup.
 *
 * <ul>
 *   <li>Page furniture (scripts, styles, forms, navigation, footers, share widgets) is removed first.
 *   <li>The metadata block is found by {@link LabelValueParser} over the text segments of the whole page,
 *       whatever the layout; {@code <meta>} tags (ArticleTitle, PubDate, ContentSource, Keywords) are added as
 *       fallback pairs.
 *   <li>The body is the first main-content container that has text ({@code .TRS_Editor}, {@code #UCAP-CONTENT},
 *       {@code #zoom}, {@code .article-content}, {@code .content}, {@code article}), else the element with the
 *       most paragraph text; one line per paragraph, metadata segments left out.
 *   <li>Title candidates: a title heading, then {@code <title>} without its site-name suffix.
 * </ul>
 *
 * Stateless and thread-safe; never throws on malformed markup (jsoup repairs it).
 */
public final class HtmlExtractor implements PageExtractor {

    @Override
    public ExtractedPage extract(String content) {
        return extract(content, SiteHints.NONE);
    }

    /** With a site's hints: their body and title elements win over the heuristics when they hold text. */
    @Override
    public ExtractedPage extract(String content, SiteHints hints) {
        Document doc = Jsoup.parse(content);
        List<RawField> metaFields = metaFields(doc);
        List<String> documentTitle = HtmlTitles.documentTitle(doc.title());
        PageFurniture.remove(doc);

        List<Segment> segments = Segmenter.segments(doc.body());
        Set<Segment> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<RawField> fields = new ArrayList<>(blockFields(segments, consumed));
        fields.addAll(metaFields);

        List<String> titles = new ArrayList<>();
        String heading = HtmlTitles.heading(doc, documentTitle);
        if (heading != null) {
            titles.add(heading);
        }
        if (!documentTitle.isEmpty()) {
            titles.add(documentTitle.get(0));
        }

        if (hints.titleSelector() != null) {
            Element hinted = doc.selectFirst(hints.titleSelector());
            String text = hinted == null ? "" : Text.trim(hinted.text());
            if (!text.isEmpty()) {
                fields.add(RawField.hint(Field.TITLE, text));
            }
        }
        Element hintedBody = hints.bodySelector() == null ? null : doc.selectFirst(hints.bodySelector());
        MainContent main = new MainContent(segments, consumed);
        Element container = hintedBody != null && main.textLength(hintedBody) > 0 ? hintedBody : main.container(doc);
        String body = container == null ? "" : main.body(container);
        return new ExtractedPage(fields, titles, body, List.of());
    }

    /** Pairs of the metadata block; marks the segments they used (and whole metadata tables) as consumed. */
    private static List<RawField> blockFields(List<Segment> segments, Set<Segment> consumed) {
        List<RawField> fields = new ArrayList<>();
        Map<Element, Integer> pairsPerTable = new IdentityHashMap<>();
        int i = 0;
        while (i < segments.size()) {
            Object rowKey = segments.get(i).rowKey();
            int end = i;
            while (end < segments.size() && segments.get(end).rowKey() == rowKey) {
                end++;
            }
            List<Segment> row = segments.subList(i, end);
            boolean tableRow = row.get(0).inTableCell();
            List<List<String>> cells = row.stream().map(Segment::pieces).toList();
            List<String> texts = row.stream().map(Segment::text).toList();
            for (Pair pair : LabelValueParser.parseRow(cells, texts, tableRow)) {
                fields.add(pair.field());
                consumed.add(row.get(pair.labelCell()));
                if (pair.valueCell() >= 0) {
                    consumed.add(row.get(pair.valueCell()));
                }
                if (tableRow) {
                    Element table = closestTable(row.get(0).block());
                    if (table != null) {
                        pairsPerTable.merge(table, 1, Integer::sum);
                    }
                }
            }
            i = end;
        }
        // a table holding several pairs is the metadata block: none of its cells is body text
        pairsPerTable.forEach((table, count) -> {
            if (count >= 2) {
                for (Segment segment : segments) {
                    if (closestTable(segment.block()) == table) {
                        consumed.add(segment);
                    }
                }
            }
        });
        return fields;
    }

    private static List<RawField> metaFields(Document doc) {
        List<RawField> fields = new ArrayList<>();
        for (Element meta : doc.getElementsByTag("meta")) {
            if (!meta.hasAttr("name") || !meta.hasAttr("content")) {
                continue;
            }
            String name = meta.attr("name");
            for (Field field : Field.values()) {
                if (name.equalsIgnoreCase(field.metaName())) {
                    fields.add(RawField.meta(field.metaName(), meta.attr("content")));
                }
            }
        }
        return fields;
    }

    /** The element or its nearest ancestor that is a {@code <table>}, or null ({@code closest("table")} without
     * parsing a query each time). */
    static Element closestTable(Element element) {
        for (Element e = element; e != null; e = e.parent()) {
            if (e.nameIs("table")) {
                return e;
            }
        }
        return null;
    }
}
