package org.gongkai.ingest.fetch;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the charset of a page and decodes it. Order: byte-order mark, then the site's override, then the
 * Content-Type header's charset, then a {@code <meta>} declaration in the first {@value #META_SCAN_BYTES} bytes,
 * then byte-level detection ({@link CharsetEvidence}: valid UTF-8 is UTF-8, else GB18030 or Big5 as ICU4J's
 * detector judges, GB18030 — the usual legacy encoding of Chinese government sites — when in doubt). A declared
 * charset (header or {@code <meta>}) that the bytes contradict is passed over: GB18030 bytes served as
 * {@code charset=utf-8}, UTF-8 served as GBK, Big5 declared as GB2312 are common on real portals. GB2312, GBK and
 * their aliases are decoded as GB18030, their superset, so characters outside the declared set that servers send
 * anyway still decode. A declared charset the JVM does not know is ignored and the next step decides. The site's
 * override is trusted as it is. Stateless and thread-safe.
 */
public final class CharsetDetector {

    /** How much of the page is searched for a {@code <meta>} charset declaration. */
    public static final int META_SCAN_BYTES = 4096;

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Set<String> GB_FAMILY = Set.of(
            "gb2312",
            "gbk",
            "x-gbk",
            "cp936",
            "ms936",
            "windows-936",
            "gb_2312-80",
            "csgb2312",
            "euc-cn",
            "x-euc-cn",
            "chinese",
            "iso-ir-58",
            "gb18030");
    private static final Pattern META_CHARSET =
            Pattern.compile("<meta\\b[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(-->|$)", Pattern.DOTALL);

    /**
     * The decoded page.
     *
     * @param text    the page as text, without the byte-order mark
     * @param charset charset used
     * @param source  where the charset came from
     */
    public record Decoded(String text, Charset charset, CharsetSource source) {}

    /**
     * Detects the charset of {@code body} and decodes it; malformed sequences become U+FFFD.
     *
     * @param headerCharset {@code charset} parameter of the Content-Type header, or null
     * @param override      the site's configured charset, or null
     * @param truncated     whether the body was cut at the size cap (a multi-byte sequence cut at the end is not
     *                      evidence against UTF-8)
     */
    public Decoded decode(byte[] body, String headerCharset, Charset override, boolean truncated) {
        Bom bom = bom(body);
        if (bom != null) {
            return decoded(body, bom.length, bom.charset, CharsetSource.BOM);
        }
        if (override != null) {
            return decoded(body, 0, fold(override), CharsetSource.OVERRIDE);
        }
        Charset header = lookup(headerCharset);
        String text = header == null ? null : CharsetEvidence.decodeUnlessContradicted(body, header, truncated);
        if (text != null) {
            return new Decoded(text, header, CharsetSource.HEADER);
        }
        Charset meta = lookup(metaCharset(body));
        if (meta != null) {
            // A page that declares UTF-16 in ASCII-compatible bytes cannot be UTF-16 (HTML spec): read UTF-8.
            if (meta.name().startsWith("UTF-16")) {
                meta = StandardCharsets.UTF_8;
            }
            text = CharsetEvidence.decodeUnlessContradicted(body, meta, truncated);
            if (text != null) {
                return new Decoded(text, meta, CharsetSource.META);
            }
        }
        return decoded(body, 0, CharsetEvidence.detect(body, truncated), CharsetSource.DETECTED);
    }

    /** The charset named in a {@code <meta>} tag near the start of the page, or null. */
    static String metaCharset(byte[] body) {
        // Latin-1 maps bytes one to one, so ASCII markup is found whatever the real encoding.
        String head = new String(body, 0, Math.min(body.length, META_SCAN_BYTES), StandardCharsets.ISO_8859_1);
        head = COMMENT.matcher(head).replaceAll(" ");
        Matcher m = META_CHARSET.matcher(head);
        return m.find() ? m.group(1) : null;
    }

    /** The JVM charset for a declared name, GB2312/GBK folded into GB18030; null when unknown or blank. */
    public static Charset lookup(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
            return null;
        }
        if (GB_FAMILY.contains(n)) {
            return GB18030;
        }
        if (n.equals("utf8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return fold(Charset.forName(n));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static Charset fold(Charset charset) {
        return GB_FAMILY.contains(charset.name().toLowerCase(Locale.ROOT))
                        || charset.aliases().stream().anyMatch(a -> GB_FAMILY.contains(a.toLowerCase(Locale.ROOT)))
                ? GB18030
                : charset;
    }

    /** Whether {@code bytes} is well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF). */
    static boolean isUtf8(byte[] bytes, boolean truncated) {
        return scan(bytes, truncated, 0);
    }

    /**
     * Malformed sequences {@link #isMostlyUtf8} tolerates: one per this many well-formed multi-byte ones. Chinese
     * text in a legacy encoding read as UTF-8 has more malformed than well-formed sequences: on the 337 real notices
     * of shared/data/real-notices at least 2.9 per well-formed one in GB18030 (titles alone 1.8), 5.7 in Big5.
     */
    static final int WELL_FORMED_PER_MALFORMED = 20;

    /**
     * Whether {@code bytes} is UTF-8 with at most one malformed sequence per {@value #WELL_FORMED_PER_MALFORMED}
     * well-formed multi-byte ones: a page a CMS damaged in a few places (a field cut inside a character) is still
     * UTF-8 and decodes with U+FFFD there, instead of being read as GB18030 or Big5 throughout.
     */
    static boolean isMostlyUtf8(byte[] bytes, boolean truncated) {
        return scan(bytes, truncated, WELL_FORMED_PER_MALFORMED);
    }

    /**
     * The one UTF-8 scan of both checks: at most one malformed sequence per {@code wellFormedPerMalformed}
     * well-formed multi-byte ones, none when it is 0. A sequence cut by the size cap at the end of a {@code
     * truncated} body is judged by what came before it.
     */
    private static boolean scan(byte[] bytes, boolean truncated, int wellFormedPerMalformed) {
        long malformed = 0;
        long wellFormed = 0;
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            int length = sequenceLength(bytes[i]);
            if (length > 0 && i + length > n && truncated && continuations(bytes, i + 1, n)) {
                break; // a sequence cut by the size cap
            }
            if (length > 0 && i + length <= n && wellFormed(bytes, i, length)) {
                wellFormed++;
                i += length;
                continue;
            }
            // more errors than the rest of the page could outweigh: not UTF-8 (ends the scan of a GB18030 page early)
            if (wellFormedPerMalformed == 0 || ++malformed * wellFormedPerMalformed > wellFormed + (n - i) / 2) {
                return false;
            }
            i++; // resynchronise on the next byte
        }
        return malformed * wellFormedPerMalformed <= wellFormed;
    }

    /** Length of the UTF-8 sequence {@code lead} starts, 0 when it cannot start one. */
    private static int sequenceLength(byte lead) {
        int b = lead & 0xff;
        if (b >= 0xc2 && b <= 0xdf) {
            return 2;
        }
        if (b >= 0xe0 && b <= 0xef) {
            return 3;
        }
        return b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    }

    /** Whether the {@code length} bytes at {@code i} are one shortest-form scalar value. */
    private static boolean wellFormed(byte[] bytes, int i, int length) {
        if (!continuations(bytes, i + 1, i + length)) {
            return false;
        }
        int cp = bytes[i] & (0xff >> (length + 1));
        for (int k = 1; k < length; k++) {
            cp = (cp << 6) | (bytes[i + k] & 0x3f);
        }
        int min = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        return cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    }

    private static boolean continuations(byte[] bytes, int from, int to) {
        for (int k = from; k < to; k++) {
            if ((bytes[k] & 0xc0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    private static Decoded decoded(byte[] body, int offset, Charset charset, CharsetSource source) {
        return new Decoded(new String(body, offset, body.length - offset, charset), charset, source);
    }

    private record Bom(Charset charset, int length) {}

    private static Bom bom(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            return new Bom(StandardCharsets.UTF_8, 3);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            return new Bom(StandardCharsets.UTF_16BE, 2);
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            return new Bom(StandardCharsets.UTF_16LE, 2);
        }
        return null;
    }
}
