package org.gongkai.ingest.crawl;

/**
 * Why a linked page fetched in a crawl was no notice (outcome {@link NoticeOutcome#SKIPPED}), counted per reason in
 * {@link CrawlReport#skippedFor()}. The ordinary reasons (a navigation page, a PDF linked from a list) are counted
 * only; the {@linkplain #fault() faults} (a page cut at the body cap, bytes that are not text, a broken link) are
 * also listed among the crawl's problems with their details and get their own retry schedule. A list link to another
 * host is no skipped page (since session 17; {@link CrawlReport#otherHosts}).
 */
public enum SkipReason {
    /** A content type that cannot hold a notice (not HTML or text). */
    NOT_HTML_OR_TEXT("not HTML or text", false),
    /** HTML or text without a notice's metadata block: a navigation page, a list, an article of no notice. */
    NO_NOTICE_METADATA("no notice metadata", false),
    /** Cut at {@code fetch.max-body-bytes} with no notice before the cut. */
    CUT_AT_CAP("cut at the body cap", true),
    /** Bytes that do not decode to text in any charset tried (random bytes, a binary served as text/html). */
    NOT_TEXT("not text", true),
    /** 404 or 410 of a page never published: a broken link. */
    GONE_NEVER_PUBLISHED("404/410, never published", true),
    /**
     * A link that redirected to a page this crawl has handled already (visited directly or through another link, or
     * linked and not due); that page is not requested again.
     */
    REDIRECT_TO_VISITED("redirect to a page handled in this crawl", false),
    /**
     * A link that redirected to a page known in the crawl state and not due (session 15): that page is not requested
     * through the link; it keeps its own schedule.
     */
    REDIRECT_TO_NOT_DUE("redirect to a page not due", false),
    /** A link that redirected to a page its host's robots.txt disallows: the target was not requested. */
    REDIRECT_DISALLOWED("redirect disallowed by robots.txt", true);

    private final String label;
    private final boolean fault;

    SkipReason(String label, boolean fault) {
        this.label = label;
        this.fault = fault;
    }

    /** The short name in {@link CrawlReport#skippedFor()} and in {@code gongkai status}. */
    public String label() {
        return label;
    }

    /** Whether the page is also a page fault: listed among the problems, retried on its own schedule. */
    public boolean fault() {
        return fault;
    }
}
