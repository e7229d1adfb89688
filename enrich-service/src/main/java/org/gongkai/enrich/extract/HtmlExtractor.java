package org.gongkai.enrich.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.gongkai.enrich.extract.LabelValueParser.Pair;
import org.gongkai.enrich.extract.Segmenter.Segment;
import org.gongkai.enrich.normalise.Field;
import org.gongkai.enrich.normalise.RawField;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

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

    static final List<String> CONTENT_SELECTORS =
            List.of(".TRS_Editor", "#UCAP-CONTENT", "#zoom", ".article-content", ".content", "article");

    private static final List<String> TITLE_SELECTORS = List.of(
            ".article-title",
            ".article_title",
            ".news-title",
            ".news_title",
            ".xxgk-title",
            ".xxgk_title",
            "#title",
            ".title",
            "h1",
            "h2");

    /*
     * The selectors above, parsed once: parsing a CSS query costs more than matching it. Each is a single class,
     * id or tag evaluator, which holds no state (so sharing them across threads is safe).
     */
    private static final List<Evaluator> CONTENT_EVALUATORS =
            CONTENT_SELECTORS.stream().map(QueryParser::parse).toList();
    private static final List<Evaluator> TITLE_EVALUATORS =
            TITLE_SELECTORS.stream().map(QueryParser::parse).toList();

    private static final Set<String> JUNK_TAGS = Set.of(
            "script",
            "style",
            "noscript",
            "template",
            "iframe",
            "object",
            "embed",
            "svg",
            "canvas",
            "select",
            "button",
            "input",
            "textarea",
            "nav",
            "footer",
            "map",
            "audio",
            "video");

    /** Class or id tokens of navigation, footers and share widgets. */
    private static final Pattern JUNK_NAMES = Pattern.compile(
            "(?i)(?:^|[\\s_-])(?:nav|navbar|menu|footer|foot|bottom|breadcrumbs?|crumbs?|position|location|share|"
                    + "bdshare|jiathis|toolbar|copyright|sidebar|topbar|friendlink|print|pager|pagination)"
                    + "(?:$|[\\s_-])");

    /** Separators before a site name in {@code <title>}. */
    private static final Pattern TITLE_SEPARATOR = Pattern.compile("\\s*(?:_|\\||｜|-{1,2}|—{1,2}|–)\\s*");

    private static final int MIN_TITLE = 4;
    private static final int MAX_TITLE = 200;

    @Override
    public ExtractedPage extract(String content) {
        return extract(content, SiteHints.NONE);
    }

    /** With a site's hints: their body and title elements win over the heuristics when they hold text. */
    @Override
    public ExtractedPage extract(String content, SiteHints hints) {
        Document doc = Jsoup.parse(content);
        List<RawField> metaFields = metaFields(doc);
        List<String> documentTitle = documentTitle(doc.title());
        removeJunk(doc);

        List<Segment> segments = Segmenter.segments(doc.body());
        Set<Segment> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<RawField> fields = new ArrayList<>(blockFields(segments, consumed));
        fields.addAll(metaFields);

        List<String> titles = new ArrayList<>();
        String heading = heading(doc, documentTitle);
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
        Element container = hintedBody != null && textLength(segments, consumed, hintedBody) > 0
                ? hintedBody
                : mainContainer(doc, segments, consumed);
        String body = container == null ? "" : body(segments, consumed, container);
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
            for (Pair pair : LabelValueParser.parseRow(cells, tableRow)) {
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

    /** The {@code <title>} split at site-name separators: first the notice title, then the dropped parts. */
    static List<String> documentTitle(String title) {
        String text = Text.trim(title);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        // drop trailing parts while they look like site names (no digits) and a title of some length remains
        while (true) {
            var m = TITLE_SEPARATOR.matcher(text);
            int lastStart = -1;
            int lastEnd = -1;
            while (m.find()) {
                if (m.start() > 0) {
                    lastStart = m.start();
                    lastEnd = m.end();
                }
            }
            if (lastStart < 0) {
                break;
            }
            String suffix = Text.trim(text.substring(lastEnd));
            String prefix = Text.trim(text.substring(0, lastStart));
            if (prefix.codePointCount(0, prefix.length()) < MIN_TITLE
                    || suffix.chars().anyMatch(Character::isDigit)) {
                break;
            }
            if (!suffix.isEmpty()) {
                parts.add(0, suffix);
            }
            text = prefix;
        }
        parts.add(0, text);
        return parts;
    }

    private static String heading(Document doc, List<String> documentTitle) {
        List<String> siteNames = documentTitle.size() > 1 ? documentTitle.subList(1, documentTitle.size()) : List.of();
        for (Evaluator selector : TITLE_EVALUATORS) {
            for (Element element : doc.body().select(selector)) {
                String text = Text.trim(element.text());
                int length = text.codePointCount(0, text.length());
                if (length >= MIN_TITLE
                        && length <= MAX_TITLE
                        && !siteNames.contains(text)
                        && !LabelValueParser.isLabelCell(text, true)
                        && LabelValueParser.splitPairs(text).isEmpty()) {
                    return text;
                }
            }
        }
        return null;
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

    private static void removeJunk(Document doc) {
        List<Element> junkTags = new ArrayList<>();
        for (Element element : doc.getAllElements()) {
            if (JUNK_TAGS.contains(element.normalName())) {
                junkTags.add(element);
            }
        }
        junkTags.forEach(Element::remove);
        List<Element> junk = new ArrayList<>();
        for (Element element : doc.body().getAllElements()) {
            if (element == doc.body()) {
                continue;
            }
            // never <form>: ASP.NET pages wrap the whole page in one
            String names = element.className() + " " + element.id();
            if (!names.isBlank() && JUNK_NAMES.matcher(names).find() && !holdsContent(element)) {
                junk.add(element);
            }
        }
        junk.forEach(Element::remove);
    }

    private static boolean holdsContent(Element element) {
        for (Evaluator selector : CONTENT_EVALUATORS) {
            if (element.is(selector) || element.selectFirst(selector) != null) {
                return true;
            }
        }
        return false;
    }

    /** The first content container with body text left, else the parent of the most paragraph text. */
    private static Element mainContainer(Document doc, List<Segment> segments, Set<Segment> consumed) {
        for (Evaluator selector : CONTENT_EVALUATORS) {
            Element best = null;
            int bestLength = 0;
            for (Element candidate : doc.body().select(selector)) {
                int length = textLength(segments, consumed, candidate);
                if (length > bestLength) {
                    best = candidate;
                    bestLength = length;
                }
            }
            if (best != null) {
                return best;
            }
        }
        Map<Element, Integer> scores = new LinkedHashMap<>();
        for (Segment segment : segments) {
            if (consumed.contains(segment)) {
                continue;
            }
            Element block = segment.block();
            Element holder = block.nameIs("p") ? block.parent() : block;
            if (holder != null) {
                scores.merge(holder, segment.text().length(), Integer::sum);
            }
        }
        return scores.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static int textLength(List<Segment> segments, Set<Segment> consumed, Element container) {
        Set<Element> inside = descendants(container);
        int length = 0;
        for (Segment segment : segments) {
            if (!consumed.contains(segment) && inside.contains(segment.block())) {
                length += segment.text().length();
            }
        }
        return length;
    }

    private static String body(List<Segment> segments, Set<Segment> consumed, Element container) {
        Set<Element> inside = descendants(container);
        StringBuilder body = new StringBuilder();
        Object previousRow = null;
        for (Segment segment : segments) {
            if (consumed.contains(segment) || !inside.contains(segment.block())) {
                continue;
            }
            String line = segment.text();
            if (Text.isBoilerplate(line)) {
                continue;
            }
            // cells of one table row stay on one line
            boolean sameRow = segment.inTableCell() && segment.rowKey() == previousRow;
            if (!body.isEmpty()) {
                body.append(sameRow ? " " : "\n");
            }
            body.append(line);
            previousRow = segment.inTableCell() ? segment.rowKey() : null;
        }
        return body.toString();
    }

    private static Set<Element> descendants(Element container) {
        Set<Element> set = Collections.newSetFromMap(new IdentityHashMap<>());
        Elements all = container.getAllElements();
        set.addAll(all);
        return set;
    }
}
