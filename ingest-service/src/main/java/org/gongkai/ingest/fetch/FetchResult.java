package org.gongkai.ingest.fetch;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final response of a fetch, after redirects and content decoding.
 *
 * @param requestedUri the URL asked for
 * @param finalUri     the URL that answered (differs after redirects)
 * @param status       HTTP status of the final response
 * @param headers      its headers
 * @param body         body after content decoding, at most the configured cap
 * @param truncated    whether the body was cut at the cap
 * @param fetchedAt    when the final response was received
 */
public record FetchResult(
        URI requestedUri,
        URI finalUri,
        int status,
        HttpHeaders headers,
        byte[] body,
        boolean truncated,
        Instant fetchedAt) {

    /** Response headers carried into a {@link org.gongkai.events.RawNotice}. */
    public static final String[] KEPT_HEADERS = {"content-type", "etag", "last-modified", "content-encoding"};

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Media type without parameters, lower case; empty when the header is missing. */
    public String mediaType() {
        String value = headers.firstValue("content-type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The {@code charset} parameter of the Content-Type header, or null. */
    public String headerCharset() {
        Matcher m = CHARSET.matcher(headers.firstValue("content-type").orElse(""));
        return m.find() ? m.group(1) : null;
    }

    /** Whether the body is (or, without a Content-Type, may be) an HTML page. */
    public boolean isHtml() {
        String type = mediaType();
        return type.isEmpty() || type.equals("text/html") || type.equals("application/xhtml+xml");
    }

    /** Whether the body is a plain-text page ({@code text/plain}): a notice served as a text file or extract. */
    public boolean isPlainText() {
        return mediaType().equals("text/plain");
    }

    /** The {@link #KEPT_HEADERS} present in the response, lower-case names, multiple values joined by ", ". */
    public Map<String, String> keptHeaders() {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            var values = headers.allValues(name);
            if (!values.isEmpty()) {
                kept.put(name, String.join(", ", values));
            }
        }
        return kept;
    }
}
