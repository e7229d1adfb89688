package org.gongkai.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.gongkai.enrich.normalise.RawField;

/**
 * Extracts notices from plain text, such as the WET text extracts of web crawls.
 *
 * <p>Metadata rows are {@code label: | value | label: | value |} lines (a flattened table; a label followed by a
 * label has an empty value; see {@link LabelValueParser#flattenedRow}) or {@code label：value} lines that start
 * with a known label. Every other non-empty
 * line is body. The first body line is a title candidate when it is short and not a sentence. Stateless and
 * thread-safe.
 */
public final class PlainTextExtractor implements PageExtractor {

    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");
    private static final Pattern SENTENCE = Pattern.compile("[。；;！!？?，,]");
    /** Real titles run past 70 characters (State Council 复函 and 通知 titles); a sentence is rejected by its punctuation. */
    private static final int MAX_TITLE = 120;

    private static final int MAX_PAIR_LINE = 200;

    @Override
    public ExtractedPage extract(String content) {
        List<RawField> fields = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String raw : LINE_BREAK.split(content, -1)) {
            String line = Text.trim(raw);
            if (line.isEmpty()) {
                continue;
            }
            List<RawField> pairs = metadataRow(line);
            if (pairs.isEmpty()) {
                body.add(line);
            } else {
                fields.addAll(pairs);
            }
        }
        List<String> titles = new ArrayList<>();
        if (!body.isEmpty()) {
            String first = body.get(0);
            if (first.codePointCount(0, first.length()) <= MAX_TITLE
                    && !SENTENCE.matcher(first).find()
                    && body.size() > 1) {
                titles.add(first);
            }
        }
        return new ExtractedPage(fields, titles, String.join("\n", body), List.of());
    }

    /** The pairs of a metadata line, or empty when the line is body text. */
    private static List<RawField> metadataRow(String line) {
        List<RawField> flattened = LabelValueParser.flattenedRow(line);
        if (!flattened.isEmpty()) {
            return flattened;
        }
        if (line.length() <= MAX_PAIR_LINE) {
            return LabelValueParser.splitPairs(line);
        }
        return List.of();
    }
}
