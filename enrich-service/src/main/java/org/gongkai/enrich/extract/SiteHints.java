package org.gongkai.enrich.extract;

import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Per-site extraction hints ({@code gongkai.enrich.sites.<siteId>.*}, keyed by the site id the crawler gives each
 * notice). A hint overrides the layout heuristics for that site's HTML pages when its selector matches an element
 * with text; otherwise the heuristics apply as usual.
 *
 * @param bodySelector  CSS selector of the element holding the notice body, e.g. {@code div.wz_content}
 * @param titleSelector CSS selector of the element holding the title; it wins over {@code ArticleTitle} and
 *                      标题 pairs
 */
public record SiteHints(String bodySelector, String titleSelector) {

    public static final SiteHints NONE = new SiteHints(null, null);

    /** @throws IllegalArgumentException when a selector is not valid CSS (reported at start-up by binding) */
    public SiteHints {
        bodySelector = validated(bodySelector, "body-selector");
        titleSelector = validated(titleSelector, "title-selector");
    }

    private static String validated(String selector, String name) {
        if (selector == null || selector.isBlank()) {
            return null;
        }
        try {
            QueryParser.parse(selector.strip());
        } catch (Selector.SelectorParseException e) {
            throw new IllegalArgumentException(name + " is not a valid CSS selector: " + selector, e);
        }
        return selector.strip();
    }
}
