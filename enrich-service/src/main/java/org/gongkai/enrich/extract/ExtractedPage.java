package org.gongkai.enrich.extract;

import java.util.List;
import org.gongkai.enrich.normalise.RawField;

/**
 * What an extractor found on a page, before normalisation.
 *
 * @param fields          label/value pairs of the metadata block and fallback {@code <meta>} tags, in page order
 * @param titleCandidates title candidates from the layout, best first (heading, then {@code <title>} without
 *                        the site name); a 标题 pair or {@code ArticleTitle} among {@code fields} wins over them
 * @param body            main text, one paragraph a line, without the metadata block
 * @param flags           quality flags the extractor can tell (e.g. unsupported content type)
 */
public record ExtractedPage(List<RawField> fields, List<String> titleCandidates, String body, List<String> flags) {

    public ExtractedPage {
        fields = List.copyOf(fields);
        titleCandidates = List.copyOf(titleCandidates);
        body = body == null ? "" : body;
        flags = List.copyOf(flags);
    }
}
