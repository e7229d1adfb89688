package org.gongkai.ingest.fetch;

/**
 * Validators of an earlier response, for a conditional GET.
 *
 * @param etag         its {@code ETag}, sent as {@code If-None-Match}, or null
 * @param lastModified its {@code Last-Modified}, sent as {@code If-Modified-Since}, or null
 */
public record Validators(String etag, String lastModified) {

    /** No validators: an unconditional GET. */
    public static final Validators NONE = new Validators(null, null);

    public Validators {
        etag = etag == null || etag.isBlank() ? null : etag.strip();
        lastModified = lastModified == null || lastModified.isBlank() ? null : lastModified.strip();
    }

    /** The validators a response carries ({@link #NONE} when it has neither header). */
    public static Validators of(FetchResult result) {
        return new Validators(
                result.headers().firstValue("etag").orElse(null),
                result.headers().firstValue("last-modified").orElse(null));
    }

    /** Whether there is nothing to send: the GET is unconditional. */
    public boolean isEmpty() {
        return etag == null && lastModified == null;
    }

    /** These validators where set, else {@code earlier}'s (a 304 may carry new validators, or none). */
    public Validators orElse(Validators earlier) {
        return new Validators(
                etag != null ? etag : earlier.etag, lastModified != null ? lastModified : earlier.lastModified);
    }
}
