package org.gongkai.enrich.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training example: a notice's text and its subject.
 *
 * @param title       notice title
 * @param body        main text
 * @param attachments attachment text, may be empty
 * @param publisher   the 发布机构 / 发文机关 field, {@code null} when unknown
 * @param label       subject node (first level, second level when known); {@code null} for a background notice:
 *                    one without any subject content (boilerplate only), which the model learns to leave
 *                    unclassified
 */
public record LabelledNotice(String title, String body, String attachments, String publisher, SubjectNode label) {

    /** A notice without a publisher field. */
    public LabelledNotice(String title, String body, String attachments, SubjectNode label) {
        this(title, body, attachments, null, label);
    }

    /**
     * Reads a JSONL corpus, one notice per line: {@code title}, {@code body}, optional {@code attachments}, optional {@code publisher} and
     * either {@code first} (+ optional {@code second}) or {@code declared} (a raw 主题分类 value, as a crawl export of
     * the {@code notices} index has it, mapped through {@code mapper}), or {@code "background": true} for a notice
     * without subject content. Lines whose label does not map to the
     * taxonomy, or whose declared value lists several categories ({@link DeclaredSubject#trainable()}), are skipped
     * and counted in {@code skipped[0]}.
     */
    public static List<LabelledNotice> readJsonl(Reader jsonl, DeclaredCategoryMapper mapper, int[] skipped)
            throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        BufferedReader lines = new BufferedReader(jsonl);
        List<LabelledNotice> notices = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            boolean background = node.path("background").asBoolean(false);
            SubjectNode label = background ? null : label(node, mapper);
            if (label == null && !background) {
                skipped[0]++;
                continue;
            }
            notices.add(new LabelledNotice(
                    node.path("title").asString(""),
                    node.path("body").asString(""),
                    node.path("attachments").asString(""),
                    node.path("publisher").asString(null),
                    label));
        }
        return notices;
    }

    /** Whether this is a background notice (no subject). */
    public boolean background() {
        return label == null;
    }

    private static SubjectNode label(JsonNode node, DeclaredCategoryMapper mapper) {
        String first = node.path("first").asString(null);
        if (first != null) {
            String second = node.path("second").asString(null);
            SubjectNode label = new SubjectNode(first, second == null || second.isBlank() ? null : second);
            return mapper.taxonomy().contains(label) ? label : null;
        }
        DeclaredSubject declared = mapper.map(node.path("declared").asString(null));
        return declared.trainable() ? declared.node() : null;
    }
}
