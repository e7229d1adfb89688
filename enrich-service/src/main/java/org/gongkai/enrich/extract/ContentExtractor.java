package org.gongkai.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.gongkai.enrich.normalise.Flags;

/**
 * Chooses the extractor for a content type: HTML ({@code text/html}, {@code application/xhtml+xml}) or plain
 * text ({@code text/plain}). Any other type is read as HTML when it looks like markup, else as plain text, and
 * flagged {@code unsupported_content_type:<type>}. Thread-safe.
 */
public final class ContentExtractor {

    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile("(?is)^\\s*(?:<!doctype\\s+html|<html|<head|<body)");

    private final HtmlExtractor html = new HtmlExtractor();
    private final PlainTextExtractor text = new PlainTextExtractor();

    /**
     * @param contentType media type without parameters (null is treated as unknown)
     * @param content     decoded page (null is treated as empty)
     */
    public ExtractedPage extract(String contentType, String content) {
        return extract(contentType, content, SiteHints.NONE);
    }

    /**
     * @param contentType media type without parameters (null is treated as unknown)
     * @param content     decoded page (null is treated as empty)
     * @param hints       the site's extraction hints, {@link SiteHints#NONE} when it has none
     */
    public ExtractedPage extract(String contentType, String content, SiteHints hints) {
        SiteHints site = hints == null ? SiteHints.NONE : hints;
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        String page = content == null ? "" : content;
        return switch (type) {
            case "text/html", "application/xhtml+xml" -> html.extract(page, site);
            case "text/plain" -> text.extract(page);
            default -> {
                ExtractedPage extracted =
                        LOOKS_LIKE_HTML.matcher(page).lookingAt() ? html.extract(page, site) : text.extract(page);
                List<String> flags = new ArrayList<>(extracted.flags());
                flags.add(Flags.UNSUPPORTED_CONTENT_TYPE + (type.isEmpty() ? "none" : type));
                yield new ExtractedPage(extracted.fields(), extracted.titleCandidates(), extracted.body(), flags);
            }
        };
    }
}
