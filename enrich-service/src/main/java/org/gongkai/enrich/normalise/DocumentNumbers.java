package org.gongkai.enrich.normalise;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.events.EnrichedNotice.DocumentNumber;

/**
 * Document numbers (文号): label prefixes stripped from values, and a lookup key in which all bracket and width
 * forms coincide: {@code 东府发〔2023〕12号}, {@code 东府发[2023]12号}, {@code 东府发(2023)12号},
 * {@code 东府发（２０２３）012号} all give {@code 东府发〔2023〕12号}; 令-style numbers ({@code 市政府令第219号},
 * {@code 市政府令219号}) give {@code 市政府令第219号}. Thread-safe.
 */
public final class DocumentNumbers {

    private static final Pattern YEAR_IN_BRACKETS = Pattern.compile("[\\[(【〔﹝{<〈]\\s*(\\d{4})\\s*[\\])】〕﹞}>〉]");
    private static final Pattern SERIAL_ZEROS = Pattern.compile("〕0+(\\d)");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u3000]+");
    private static final Pattern BRACKET = Pattern.compile("(.+?)〔(\\d{4})〕第?0*(\\d{1,6})号?");
    private static final Pattern ORDER = Pattern.compile("(.*令)第?0*(\\d{1,6})号?");

    private DocumentNumbers() {}

    /** The value without a leading label such as {@code 文号：}; the value itself when it has none. */
    public static String stripLabel(String cleaned) {
        if (cleaned == null) {
            return null;
        }
        int colon = indexOfColon(cleaned);
        if (colon > 0 && colon <= 8) {
            String label = Labels.normalise(cleaned.substring(0, colon));
            if (Labels.field(label).orElse(null) == Field.DOCUMENT_NUMBER) {
                return cleaned.substring(colon + 1).strip();
            }
        }
        String folded = ScriptFolding.standard().fold(cleaned);
        for (String label : Field.DOCUMENT_NUMBER.labels()) {
            if (folded.startsWith(label) && folded.length() > label.length()) {
                return cleaned.substring(label.length()).strip();
            }
        }
        return cleaned;
    }

    /** The lookup key of a cleaned document number, or null when absent. */
    public static String key(String cleaned) {
        DocumentNumber parsed = parse(cleaned);
        return parsed == null ? null : parsed.key();
    }

    /**
     * The parts and key of a cleaned document number (label prefix removed), or null when absent. A value in
     * neither the bracket nor the 令 form keeps its folded text as key and has no parts.
     */
    public static DocumentNumber parse(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return null;
        }
        String raw = stripLabel(cleaned);
        if (Values.isAbsent(raw)) {
            return null;
        }
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        text = SPACES.matcher(text).replaceAll("");
        text = ScriptFolding.standard().fold(text);
        text = YEAR_IN_BRACKETS.matcher(text).replaceAll("〔$1〕");
        text = SERIAL_ZEROS.matcher(text).replaceAll("〕$1");
        if (text.isEmpty()) {
            return null;
        }
        Matcher m = BRACKET.matcher(text);
        if (m.matches()) {
            int serial = Integer.parseInt(m.group(3));
            String key = m.group(1) + "〔" + m.group(2) + "〕" + serial + "号";
            return new DocumentNumber(raw, "bracket", m.group(1), Integer.parseInt(m.group(2)), serial, key);
        }
        m = ORDER.matcher(text);
        if (m.matches()) {
            int serial = Integer.parseInt(m.group(2));
            return new DocumentNumber(raw, "order", m.group(1), null, serial, m.group(1) + "第" + serial + "号");
        }
        return new DocumentNumber(raw, null, null, null, null, text);
    }

    private static int indexOfColon(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '：') {
                return i;
            }
        }
        return -1;
    }
}
