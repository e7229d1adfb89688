package org.gongkai.enrich.classify;

import java.util.List;
import java.util.Objects;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.RawNotice;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns crawled notices into training lines in the trainer's JSONL format ({@link LabelledNotice#readJsonl}): a
 * notice is a labelled example when its page declared a subject category that maps to a national node through the
 * {@link DeclaredCategoryMapper}; others (nothing declared, an unmappable value, or one that lists several
 * categories: an ambiguous label, {@link DeclaredSubject#trainable()}) give no line.
 *
 * <p>A line carries {@code id}, {@code title}, {@code body}, {@code attachments} (attachment texts joined by
 * newlines, as the enricher passes them to the classifier), {@code declared} (the raw value, for audit) and the
 * mapped {@code first}/{@code second}, so that training reads the label the export saw even if the synonym table
 * changes later. Immutable and thread-safe.
 */
public final class CrawlCorpus {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeclaredCategoryMapper mapper;

    public CrawlCorpus(DeclaredCategoryMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper);
    }

    /** The training line of an enriched event, {@code null} when it declares no trainable category. */
    public String line(EnrichedNotice notice) {
        StringBuilder attachments = new StringBuilder();
        for (RawNotice.Attachment attachment : notice.attachments()) {
            if (attachment.text() != null && !attachment.text().isBlank()) {
                attachments.append(attachments.isEmpty() ? "" : "\n").append(attachment.text());
            }
        }
        return line(
                notice.noticeId(),
                notice.title(),
                notice.body(),
                attachments.toString(),
                notice.metadata().subjectCategory());
    }

    /**
     * The training line of one notice, {@code null} when {@code declared} is absent, does not map to the taxonomy
     * or lists several categories ({@link DeclaredSubject#trainable()}).
     */
    public String line(String id, String title, String body, List<String> attachmentTexts, String declared) {
        StringBuilder attachments = new StringBuilder();
        for (String text : attachmentTexts) {
            if (text != null && !text.isBlank()) {
                attachments.append(attachments.isEmpty() ? "" : "\n").append(text);
            }
        }
        return line(id, title, body, attachments.toString(), declared);
    }

    private String line(String id, String title, String body, String attachments, String declared) {
        DeclaredSubject subject = mapper.map(declared);
        if (!subject.trainable()) {
            return null;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("id", id);
        line.put("title", title == null ? "" : title);
        line.put("body", body == null ? "" : body);
        if (!attachments.isEmpty()) {
            line.put("attachments", attachments);
        }
        line.put("declared", declared);
        line.put("first", subject.node().first());
        if (subject.node().second() != null) {
            line.put("second", subject.node().second());
        }
        return JSON.writeValueAsString(line);
    }

    /** Counts of one export. */
    public record Stats(int notices, int labelled, int unlabelled) {
        @Override
        public String toString() {
            return notices + " notices (latest versions), " + labelled + " labelled by a mappable declared category, "
                    + unlabelled + " without";
        }
    }
}
