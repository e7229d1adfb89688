package org.gongkai.enrich.normalise;

/** Quality flag names carried in {@code EnrichedNotice.flags}. A flag describes the page; it is not a failure. */
public final class Flags {

    public static final String NO_TITLE = "no_title";
    public static final String NO_BODY = "no_body";
    public static final String NO_METADATA = "no_metadata";
    public static final String NO_INDEX_NUMBER = "no_index_number";
    public static final String NO_PUBLISHER = "no_publisher";
    public static final String NO_DATE = "no_date";
    /** Followed by the normalised label (or meta name) whose value was not a date. */
    public static final String DATE_UNPARSEABLE = "date_unparseable:";
    /** Pinyin glosses were found (and removed): the page is a mirror copy. */
    public static final String MIRROR_ARTEFACTS = "mirror_artefacts";
    /**
     * The page comes from a site its operator declared a mirror ({@code RawNotice.mirror}: the notice's original is
     * published elsewhere), whatever the page looks like; the portal prefers an original copy to it.
     */
    public static final String DECLARED_MIRROR = "declared_mirror";

    /** The index number matched none of the known schemes (kept raw). */
    public static final String INDEX_NUMBER_UNRECOGNISED = "index_number_unrecognised";
    /** The document number is in neither the bracket nor the 令 form (kept raw, folded text as key). */
    public static final String DOCUMENT_NUMBER_UNPARSEABLE = "document_number_unparseable";
    /** The page is written in Traditional script (or mixed): its text was folded to Simplified. */
    public static final String TRADITIONAL_SCRIPT = "traditional_script";
    /** The fetcher cut the page at its size cap. */
    public static final String TRUNCATED_SOURCE = "truncated_source";
    /** Followed by the media type that has no dedicated extractor (read as plain text). */
    public static final String UNSUPPORTED_CONTENT_TYPE = "unsupported_content_type:";

    private Flags() {}
}
