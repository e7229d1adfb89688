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
}
