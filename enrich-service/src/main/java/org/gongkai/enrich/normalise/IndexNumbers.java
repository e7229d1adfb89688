package org.gongkai.enrich.normalise;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.events.EnrichedNotice.IndexNumber;

/**
 * Index numbers (索引号): the national scheme {@code organisation code/YYYY-NNNNN} (also with an 18-character
 * unified social credit code, whose positions 9–17 are the organisation code) and the local schemes of
 * domain.md. The first scheme that matches wins; an unfamiliar value is kept raw with no parts. Thread-safe.
 */
public final class IndexNumbers {

    private static final String CREDIT = "[0-9A-HJ-NP-RTUWXY]";

    private record Scheme(String name, Pattern pattern, int code, int year, int serial) {}

    private static final List<Scheme> SCHEMES = List.of(
            new Scheme(
                    "national-credit-code",
                    Pattern.compile(CREDIT + "{2}\\d{6}(" + CREDIT + "{9})" + CREDIT + "/(\\d{4})-(\\d{1,8})"),
                    1,
                    2,
                    3),
            new Scheme("national", Pattern.compile("([0-9A-Z]{8}-?[0-9A-Z])/(\\d{4})-(\\d{5})"), 1, 2, 3),
            new Scheme("pinyin-initials", Pattern.compile("([a-z]{2,30})(?:--?|/|_)(\\d{4})-(\\d{1,8})"), 1, 2, 3),
            new Scheme("local-code", Pattern.compile("([0-9A-Za-z]{1,20})/(\\d{4})-(\\d{1,8})"), 1, 2, 3),
            new Scheme("date-serial", Pattern.compile("((\\d{4})\\d{4})-(\\d{1,10})"), 0, 2, 3),
            new Scheme("segmented", Pattern.compile("([0-9A-Za-z]+)-\\p{IsHan}{1,10}-(\\d{4})-(\\d{1,8})"), 1, 2, 3),
            new Scheme("segmented", Pattern.compile("([0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)-(\\d{4})-(\\d{1,8})"), 1, 2, 3));

    private IndexNumbers() {}

    /** The parsed index number of a cleaned value, or null when absent. */
    public static IndexNumber parse(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return null;
        }
        String text = compact(cleaned);
        for (Scheme scheme : SCHEMES) {
            Matcher m = scheme.pattern().matcher(text);
            if (!m.matches()) {
                continue;
            }
            int year = Integer.parseInt(m.group(scheme.year()));
            if (year < 1980 || year > 2100) {
                continue;
            }
            String code = scheme.code() == 0 ? null : m.group(scheme.code());
            return new IndexNumber(cleaned, scheme.name(), code, year, m.group(scheme.serial()));
        }
        return new IndexNumber(cleaned, null, null, null, null);
    }

    /** Widths folded, spaces and dash variants unified: the form schemes and identities compare. */
    static String compact(String cleaned) {
        String text = Widths.fold(cleaned);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            out.append(c == '—' || c == '–' || c == '－' || c == '‐' ? '-' : c);
        }
        return out.toString();
    }

    /** The key an index number contributes to a notice's identity: compact, Simplified, lower case. */
    public static String identityKey(String cleaned) {
        return ScriptFolding.standard().fold(compact(cleaned)).toLowerCase(Locale.ROOT);
    }
}
