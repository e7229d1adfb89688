package org.gongkai.search.api;

import java.util.List;
import java.util.Map;

/** The API's response bodies (described in {@code openapi.yaml}). Fields a notice lacks are null. */
public final class Responses {

    private Responses() {}

    /**
     * A page of results. {@code total} counts notices: for search and browse, copies of one notice on several sites
     * (one {@code identity}) are one result and count once. {@code next} is the cursor of the following page (pass
     * it as {@code after}), null on the last page; {@code facets} only for search and browse.
     */
    public record Page(long total, List<Hit> hits, Facets facets, String next) {}

    /**
     * A notice in a result list. {@code titleHtml} and {@code snippets} are HTML-escaped text with {@code <em>}
     * around the matched words (safe to insert as HTML); everything else is plain text. {@code copies}: the same
     * notice published at other sites (search and browse; empty elsewhere and for a notice on one site).
     * {@code subjectSource} ({@code declared}, {@code predicted}, null when unclassified) and
     * {@code subjectModelVersion} (the subject model that ran on the notice; it chose the subject only when the source
     * is {@code predicted}; null for a notice indexed before the field) come with the subject (search and browse).
     */
    public record Hit(
            String id,
            String url,
            String title,
            String titleHtml,
            List<String> snippets,
            String publisher,
            String publishedAt,
            String writtenAt,
            String documentNumber,
            String indexNumber,
            String subject,
            String subjectSecond,
            String subjectSource,
            String subjectModelVersion,
            String genre,
            String validity,
            String siteId,
            List<Copy> copies) {}

    /** Another copy of a notice: where else it is published (a mirror, the department's own site). */
    public record Copy(String id, String siteId, String url, String title) {}

    /** Facet counts of the filtered result. */
    public record Facets(
            List<Bucket> publisher,
            List<Bucket> subject,
            List<Bucket> genre,
            List<Bucket> validity,
            List<Bucket> site,
            List<Bucket> year) {}

    /** One facet value with its number of notices; {@code second} holds the second-level subjects of a first-level one, else null. */
    public record Bucket(String value, long count, List<Bucket> second) {}

    /**
     * A notice's page: its metadata block, body and attachments (without their extracted text); {@code publishers}
     * are the issuers of {@code publisher} one by one (the whole {@code publisher} for a document indexed before the
     * index had them), each a value of the publisher filter. {@code subjectSource} and {@code subjectModelVersion} as in
     * {@link Hit}.
     */
    public record Notice(
            String id,
            String url,
            String siteId,
            String title,
            String body,
            String publisher,
            List<String> publishers,
            String indexNumber,
            String documentNumber,
            String subjectCategory,
            String subject,
            String subjectSecond,
            String subjectSource,
            String subjectModelVersion,
            String genre,
            String validity,
            String disclosureMode,
            String disclosureScope,
            String writtenAt,
            String publishedAt,
            List<String> keywords,
            Map<String, String> labels,
            List<Attachment> attachments) {}

    public record Attachment(String name, String url, String contentType) {}

    /** A title suggestion; {@code titleHtml} is escaped with {@code <em>} around what was typed. */
    public record Suggestion(String id, String title, String titleHtml, String publishedAt) {}
}
