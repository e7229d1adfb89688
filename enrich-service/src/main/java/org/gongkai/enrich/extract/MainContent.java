package org.gongkai.enrich.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gongkai.enrich.extract.Segmenter.Segment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * The body of an HTML notice: the first main-content container that has text left ({@code .TRS_Editor},
 * {@code #UCAP-CONTENT}, {@code #zoom}, {@code .article-content}, {@code .content}, {@code article}), else the
 * element with the most paragraph text, read over the page's segments minus those the metadata block consumed.
 * One instance per page; not thread-safe (the consumed set belongs to the page).
 */
final class MainContent {

    private static final List<String> CONTENT_SELECTORS =
            List.of(".TRS_Editor", "#UCAP-CONTENT", "#zoom", ".article-content", ".content", "article");

    /*
     * Parsed once: parsing a CSS query costs more than matching it. Each is a single class, id or tag evaluator,
     * which holds no state (so sharing them across threads is safe).
     */
    private static final List<Evaluator> CONTENT_EVALUATORS =
            CONTENT_SELECTORS.stream().map(QueryParser::parse).toList();

    private final List<Segment> segments;
    private final Set<Segment> consumed;

    MainContent(List<Segment> segments, Set<Segment> consumed) {
        this.segments = segments;
        this.consumed = consumed;
    }

    /** Whether the element is or holds a main-content container (so it is never page furniture). */
    static boolean holdsContent(Element element) {
        for (Evaluator selector : CONTENT_EVALUATORS) {
            if (element.is(selector) || element.selectFirst(selector) != null) {
                return true;
            }
        }
        return false;
    }

    /** The first content container with body text left, else the parent of the most paragraph text. */
    Element container(Document doc) {
        for (Evaluator selector : CONTENT_EVALUATORS) {
            Element best = null;
            int bestLength = 0;
            for (Element candidate : doc.body().select(selector)) {
                int length = textLength(candidate);
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

    /** Body text left inside {@code container}, in characters. */
    int textLength(Element container) {
        int length = 0;
        for (Segment segment : segments) {
            if (!consumed.contains(segment) && isInside(segment.block(), container)) {
                length += segment.text().length();
            }
        }
        return length;
    }

    /** One line per paragraph (cells of a table row on one line), metadata and boilerplate left out. */
    String body(Element container) {
        StringBuilder body = new StringBuilder();
        Object previousRow = null;
        for (Segment segment : segments) {
            if (consumed.contains(segment) || !isInside(segment.block(), container)) {
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

    /**
     * Whether {@code block} is {@code container} or one of its descendants: a walk up from the block, cheaper than a
     * set of the container's elements built for each look (segments are few, pages shallow).
     */
    private static boolean isInside(Element block, Element container) {
        for (Element e = block; e != null; e = e.parent()) {
            if (e == container) {
                return true;
            }
        }
        return false;
    }
}
