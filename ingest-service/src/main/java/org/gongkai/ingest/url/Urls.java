package org.gongkai.ingest.url;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/** Lenient URL parsing for what real pages contain: raw spaces, Chinese characters, stray brackets. */
public final class Urls {

    private static final String HEX = "0123456789ABCDEF";

    private Urls() {}

    /**
     * Parses an absolute or relative URL, percent-encoding (as UTF-8) characters that are not allowed in a URI
     * and dropping the fragment.
     *
     * @throws IllegalArgumentException when it cannot be parsed even then
     */
    public static URI parse(String url) {
        String encoded = encodeIllegal(url.strip());
        try {
            URI uri = new URI(encoded);
            if (uri.getRawFragment() != null) {
                String s = uri.toString();
                uri = new URI(s.substring(0, s.indexOf('#')));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("unparseable URL: " + url, e);
        }
    }

    /** Resolves {@code reference} (e.g. a Location header) against {@code base}. */
    public static URI resolve(URI base, String reference) {
        return base.resolve(parse(reference));
    }

    private static String encodeIllegal(String url) {
        StringBuilder out = new StringBuilder(url.length() + 16);
        boolean seenFragment = false;
        int authorityEnd = authorityEnd(url);
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            boolean legal = c > 0x20
                    && c < 0x7f
                    && "\"<>\\^`{|}".indexOf(c) < 0
                    && !((c == '[' || c == ']') && i >= authorityEnd)
                    && !(c == '#' && seenFragment)
                    && !(c == '%' && !isEscape(url, i));
            if (c == '#') {
                seenFragment = true;
            }
            if (legal) {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < url.length()) {
                appendEncoded(out, url.substring(i, i + 2));
                i++;
            } else {
                appendEncoded(out, String.valueOf(c));
            }
        }
        return out.toString();
    }

    /** Index after the authority of an absolute URL ({@code [} and {@code ]} are legal only there), else 0. */
    private static int authorityEnd(String url) {
        int start = url.indexOf("//");
        int colon = url.indexOf(':');
        if (start < 0 || colon < 0 || start != colon + 1) {
            return 0;
        }
        int end = start + 2;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    private static boolean isEscape(String s, int i) {
        return i + 2 < s.length()
                && HEX.indexOf(Character.toUpperCase(s.charAt(i + 1))) >= 0
                && HEX.indexOf(Character.toUpperCase(s.charAt(i + 2))) >= 0;
    }

    private static void appendEncoded(StringBuilder out, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
        }
    }
}
