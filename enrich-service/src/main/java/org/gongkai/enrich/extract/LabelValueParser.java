package org.gongkai.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import org.gongkai.enrich.normalise.Labels;
import org.gongkai.enrich.normalise.RawField;

/**
 * Finds label/value pairs in rows of cells, whatever the layout produced them: table rows ({@code <td>} label,
 * {@code <td>} value, two or three pairs a row), {@code label：value} text in one cell (several pairs allowed),
 * label/value element pairs ({@code <dt>}/{@code <dd>}, {@code <span>}/{@code <span>}) and plain-text rows
 * ({@code 索引號(hào): | value |}). Stateless and thread-safe.
 *
 * <p>A cell is a label when its normalised text is a known label; an unknown but plausible label (two to ten
 * Han characters ending with a colon) counts only in table rows or after a known pair in the same row, so body
 * paragraphs such as {@code 同志们：} stay body. A label directly followed by another label has an empty value.
 *
 * <p>A cell whose text is a whole flattened table row ({@code 索引號(hào): | value | 主題分類(lèi): | value |}, as
 * text extracts of crawls and mirror sites render a metadata table) is read as that table row, wherever it
 * stands: a line of a plain-text page, of a {@code <pre>}, or a paragraph of an HTML page.
 */
final class LabelValueParser {

    /** Longest value taken from a separate cell outside tables: longer text is body, not a value. */
    static final int MAX_LOOSE_VALUE = 120;

    /** Longest unknown label accepted inside a {@code label：value} text. */
    private static final int MAX_INLINE_UNKNOWN = 6;

    private LabelValueParser() {}

    /** One parsed pair with the indexes of the cells it used ({@code valueCell} -1 when the value was empty). */
    record Pair(RawField field, int labelCell, int valueCell) {}

    /**
     * @param cells    the row's cells in order; each cell is its text pieces (inline children), at least one
     * @param tableRow whether the row is a table row (values may be long) or a loose group of blocks
     */
    static List<Pair> parseRow(List<List<String>> cells, boolean tableRow) {
        return parseRow(cells, cells.stream().map(LabelValueParser::joined).toList(), tableRow);
    }

    /**
     * @param texts each cell's text: its pieces joined and trimmed (what {@link Segmenter.Segment#text()} holds), so
     *              that it is not joined again for each look at the cell
     */
    static List<Pair> parseRow(List<List<String>> cells, List<String> texts, boolean tableRow) {
        List<Pair> pairs = new ArrayList<>();
        int runStart = 0;
        for (int i = 0; i < cells.size(); i++) {
            List<RawField> flattened = flattenedRow(texts.get(i));
            if (flattened.isEmpty()) {
                continue;
            }
            // the cells before it are parsed on their own; the flattened row is metadata as a whole
            pairs.addAll(
                    shifted(parseCells(cells.subList(runStart, i), texts.subList(runStart, i), tableRow), runStart));
            for (RawField field : flattened) {
                pairs.add(new Pair(field, i, i));
            }
            runStart = i + 1;
        }
        if (runStart == 0) {
            return parseCells(cells, texts, tableRow);
        }
        pairs.addAll(shifted(
                parseCells(cells.subList(runStart, cells.size()), texts.subList(runStart, cells.size()), tableRow),
                runStart));
        return pairs;
    }

    /**
     * The pairs of a flattened table row: {@code |}-separated cells whose first non-empty cell is a label; empty
     * when the text is not such a row.
     */
    static List<RawField> flattenedRow(String text) {
        if (text.indexOf('|') < 0) {
            return List.of();
        }
        List<List<String>> cells = new ArrayList<>();
        String first = null;
        for (String cell : text.split("\\|", -1)) {
            String trimmed = Text.trim(cell);
            if (first == null && !trimmed.isEmpty()) {
                first = trimmed;
            }
            cells.add(List.of(trimmed));
        }
        if (first == null || !isLabelCell(first, true)) {
            return List.of();
        }
        return parseCells(cells, cells.stream().map(cell -> cell.get(0)).toList(), true).stream()
                .map(Pair::field)
                .toList();
    }

    private static List<Pair> shifted(List<Pair> pairs, int offset) {
        if (offset == 0) {
            return pairs;
        }
        return pairs.stream()
                .map(p -> new Pair(p.field(), p.labelCell() + offset, p.valueCell() < 0 ? -1 : p.valueCell() + offset))
                .toList();
    }

    private static List<Pair> parseCells(List<List<String>> cells, List<String> texts, boolean tableRow) {
        List<Pair> pairs = new ArrayList<>();
        int lastUsed = -2;
        int i = 0;
        while (i < cells.size()) {
            List<String> pieces = cells.get(i);
            String text = texts.get(i);
            if (text.isEmpty()) {
                i++;
                continue;
            }
            // outside tables an unknown label must directly follow a pair: a run of metadata, not a body paragraph
            boolean allowUnknown = tableRow || lastUsed == i - 1;
            if (isLabelCell(text, allowUnknown)) {
                String value = "";
                int valueCell = -1;
                int j = nextNonEmpty(texts, i + 1);
                if (j >= 0 && !isLabelCell(texts.get(j), allowUnknown)) {
                    String candidate = texts.get(j);
                    if (tableRow || candidate.length() <= MAX_LOOSE_VALUE) {
                        value = candidate;
                        valueCell = j;
                    }
                }
                pairs.add(new Pair(RawField.block(text, value), i, valueCell));
                lastUsed = valueCell >= 0 ? valueCell : i;
                i = lastUsed + 1;
                continue;
            }
            List<RawField> inCell = splitPairs(text);
            if (!inCell.isEmpty()) {
                for (RawField field : inCell) {
                    pairs.add(new Pair(field, i, i));
                }
                lastUsed = i;
                i++;
                continue;
            }
            // <span>索 引 号</span><span>value</span>: a known label as the first inline piece, no colon
            if (pieces.size() > 1) {
                String first = Text.trim(pieces.get(0));
                if (couldBeKnown(first, 0, first.length()) && Labels.isKnown(Labels.normalise(first))) {
                    String rest = joined(pieces.subList(1, pieces.size()));
                    pairs.add(new Pair(RawField.block(first, rest), i, i));
                    lastUsed = i;
                }
            }
            i++;
        }
        return pairs;
    }

    /** Whether a cell's whole text is a label: known, or (when allowed) colon-terminated and plausible. */
    static boolean isLabelCell(String text, boolean allowUnknown) {
        String stripped = Text.trim(text);
        if (stripped.isEmpty() || stripped.length() > 40) {
            return false;
        }
        // too many Han characters to be a known or a plausible label: skipped without normalising
        if (Labels.minNormalisedLength(stripped, 0, stripped.length())
                > Math.max(Labels.MAX_KNOWN_LENGTH, Labels.MAX_LABEL_LENGTH)) {
            return false;
        }
        String label = Labels.normalise(stripped);
        if (Labels.isKnown(label)) {
            return true;
        }
        char last = stripped.charAt(stripped.length() - 1);
        return allowUnknown && (last == ':' || last == '：') && Labels.isPlausible(label);
    }

    /**
     * Pairs in a {@code label：value label：value} text. The text must start with a known label; later labels are
     * known ones anywhere, or short plausible ones after whitespace. Empty when the text is not such a list.
     */
    static List<RawField> splitPairs(String text) {
        List<int[]> labels = new ArrayList<>(); // {labelStart, colon}
        for (int colon = 0; colon < text.length(); colon++) {
            char c = text.charAt(colon);
            if (c != ':' && c != '：') {
                continue;
            }
            int from = labels.isEmpty() ? 0 : labels.get(labels.size() - 1)[1] + 1;
            int start = labelStart(text, colon, from, !labels.isEmpty());
            if (labels.isEmpty() && (start < 0 || !text.substring(0, start).isBlank())) {
                // Text before the first label: a sentence, not a list. The first colon decides: a later colon's
                // label cannot reach back past this colon (not a label character) to the start of the text.
                return List.of();
            }
            if (start < 0) {
                continue;
            }
            labels.add(new int[] {start, colon});
        }
        List<RawField> fields = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            int[] label = labels.get(k);
            int valueEnd = k + 1 < labels.size() ? labels.get(k + 1)[0] : text.length();
            fields.add(RawField.block(
                    text.substring(label[0], label[1] + 1), Text.trim(text.substring(label[1] + 1, valueEnd))));
        }
        return fields;
    }

    /**
     * Start of the label that ends at {@code colon}: the longest known label in the stretch of label characters
     * before it, else (when allowed) a short plausible label that is a whole whitespace-separated token; -1.
     */
    private static int labelStart(String text, int colon, int from, boolean allowUnknown) {
        int begin = colon;
        while (begin > from && colon - begin < 30 && isLabelChar(text.charAt(begin - 1))) {
            begin--;
        }
        // A candidate with more Han characters than the longest known label normalises to something longer
        // (Labels.minNormalisedLength), so it is skipped without normalising (sentences before a colon are long).
        int han = Labels.minNormalisedLength(text, begin, colon); // Han characters in text[start, colon)
        for (int start = begin; start < colon; start++) {
            boolean startsHan = Labels.isHan(text.charAt(start));
            if (startsHan
                    && han <= Labels.MAX_KNOWN_LENGTH
                    && Labels.isKnown(Labels.normalise(text.substring(start, colon)))) {
                return start;
            }
            if (startsHan) {
                han--;
            }
        }
        if (!allowUnknown) {
            return -1;
        }
        int start = begin;
        for (int k = begin; k < colon; k++) {
            if (Character.isWhitespace(text.charAt(k)) || Character.isSpaceChar(text.charAt(k))) {
                start = k + 1;
            }
        }
        boolean separated = start > from && Character.isWhitespace(text.charAt(start - 1))
                || start > from && Character.isSpaceChar(text.charAt(start - 1));
        if (!separated || Labels.minNormalisedLength(text, start, colon) > MAX_INLINE_UNKNOWN) {
            return -1;
        }
        String label = Labels.normalise(text.substring(start, colon));
        if (!Labels.isPlausible(label) || label.length() > MAX_INLINE_UNKNOWN) {
            return -1;
        }
        return start;
    }

    /** Whether {@code text[from, to)} has few enough Han characters to normalise to a known label. */
    private static boolean couldBeKnown(String text, int from, int to) {
        return Labels.minNormalisedLength(text, from, to) <= Labels.MAX_KNOWN_LENGTH;
    }

    private static boolean isLabelChar(char c) {
        return Labels.isHan(c)
                || Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c == '('
                || c == ')'
                || c == '（'
                || c == '）'
                || (c >= 'a' && c <= 'z')
                || (c >= '\u00e0' && c <= '\u01dc')
                || (c >= '\u0300' && c <= '\u036f');
    }

    private static int nextNonEmpty(List<String> texts, int from) {
        for (int j = from; j < texts.size(); j++) {
            if (!texts.get(j).isEmpty()) {
                return j;
            }
        }
        return -1;
    }

    private static String joined(List<String> pieces) {
        return Text.trim(String.join("", pieces));
    }
}
