package org.gongkai.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Title candidates of an HTML notice: a title heading ({@code .article-title}, {@code #title}, {@code h1} …) that is
 * not a site name or a metadata pair, and {@code <title>} without its site-name suffix. Stateless, thread-safe.
 */
final class HtmlTitles {

    private HtmlTitles() {}

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

    /* parsed once: single class, id or tag evaluators hold no state, so sharing them across threads is safe */
    private static final List<Evaluator> TITLE_EVALUATORS =
            TITLE_SELECTORS.stream().map(QueryParser::parse).toList();

    /** Separators before a site name in {@code <title>}. */
    private static final Pattern TITLE_SEPARATOR = Pattern.compile("\\s*(?:_|\\||｜|-{1,2}|—{1,2}|–)\\s*");

    private static final int MIN_TITLE = 4;
    private static final int MAX_TITLE = 200;

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

    /** The first title heading that reads as a title, or null. */
    static String heading(Document doc, List<String> documentTitle) {
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
}
