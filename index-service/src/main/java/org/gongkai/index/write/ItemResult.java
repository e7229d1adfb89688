package org.gongkai.index.write;

import java.net.SocketTimeoutException;

/**
 * What Elasticsearch answered for one bulk item, or why there was no answer.
 *
 * @param status       HTTP status of the item; {@link #NO_RESPONSE} when the request got no response
 * @param errorType    Elasticsearch error type (e.g. {@code document_parsing_exception}), {@code timeout} or
 *                     {@code unreachable} without a response; {@code null} on success
 * @param reason       human-readable reason with its causes, {@code null} on success
 * @param wholeRequest whether Elasticsearch refused the request as a whole (its error copied to every item) rather
 *                     than answering for this item
 */
public record ItemResult(int status, String errorType, String reason, boolean wholeRequest) {

    /** The answer for this item alone. */
    public ItemResult(int status, String errorType, String reason) {
        this(status, errorType, reason, false);
    }

    public static final int NO_RESPONSE = 0;

    public static ItemResult ok(int status) {
        return new ItemResult(status, null, null);
    }

    /** The result of every item of a request that got no response. */
    public static ItemResult noResponse(Exception e) {
        String type = e instanceof SocketTimeoutException ? "timeout" : "unreachable";
        return new ItemResult(NO_RESPONSE, type, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    public String describe() {
        String what = reason == null || (errorType != null && !reason.startsWith(errorType))
                ? (reason == null ? errorType : errorType + ": " + reason)
                : reason;
        return (status == NO_RESPONSE ? "no response" : "status " + status) + (what == null ? "" : ": " + what);
    }
}
