package org.gongkai.ingest.publish;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;

/**
 * Makes a {@link RawNotice} fit into one Kafka record. The producer refuses a record whose serialised size (before
 * compression) exceeds {@code max.request.size}; a page at the body cap ({@code fetch.max-body-bytes}, 10 MiB) can
 * serialise to more than that: CJK text decoded from a two-byte charset takes three bytes a character in UTF-8, JSON
 * escapes quotes and control characters, the raw bytes go as base64 and attachments add their text. Unless the raw
 * bytes are kept ({@code gongkai.ingest.publish.raw-bytes}), {@code rawBody} is left out of every record first. Then,
 * in this order, until the record fits:
 *
 * <ol>
 *   <li>{@code rawBody} is left out ({@code null}, which the contract allows): no consumer reads it, and it is
 *       recoverable from the page;
 *   <li>attachment texts are dropped, largest first, each marked {@code truncated} with the reason in {@code
 *       error};
 *   <li>the body is cut and the notice marked {@code truncated}.
 * </ol>
 *
 * A record that fits is returned unchanged (measured only when a quick upper bound exceeds the limit, so ordinary
 * pages are not serialised twice). Stateless; thread-safe.
 */
public final class RecordFit {

    /** Room left for the key, headers and the record's own overhead. */
    static final int OVERHEAD = 16 * 1024;

    static final String DROPPED = "text dropped: the raw notice would exceed the record size limit";

    private final int maxBytes;
    private final boolean keepRawBytes;
    private final ToIntFunction<RawNotice> size;

    /**
     * As the service runs by default ({@code gongkai.ingest.publish.raw-bytes} off): the raw bytes are left out.
     *
     * @param maxRequestSize the producer's {@code max.request.size}
     */
    public RecordFit(int maxRequestSize) {
        this(maxRequestSize, false);
    }

    /**
     * @param maxRequestSize the producer's {@code max.request.size}
     * @param keepRawBytes   whether {@code rawBody} stays in records it fits in; otherwise it is left out of all
     */
    public RecordFit(int maxRequestSize, boolean keepRawBytes) {
        this(maxRequestSize, keepRawBytes, n -> EventCodec.instance().write(n).length);
    }

    private RecordFit(int maxRequestSize, boolean keepRawBytes, ToIntFunction<RawNotice> size) {
        if (maxRequestSize <= 2 * OVERHEAD) {
            throw new IllegalArgumentException("max.request.size too small: " + maxRequestSize);
        }
        this.maxBytes = maxRequestSize - OVERHEAD;
        this.keepRawBytes = keepRawBytes;
        this.size = size;
    }

    /** Largest serialised event that goes into one record. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The notice, or a smaller version of it that fits (see the class comment). */
    public RawNotice fit(RawNotice notice) {
        if (!keepRawBytes && notice.rawBody() != null) {
            notice = with(notice, notice.body(), null, notice.truncated(), notice.attachments());
        }
        if (upperBound(notice) <= maxBytes) {
            return notice;
        }
        int bytes = size.applyAsInt(notice);
        if (bytes <= maxBytes) {
            return notice;
        }
        RawNotice fitted = notice;
        if (fitted.rawBody() != null) {
            fitted = with(fitted, fitted.body(), null, fitted.truncated(), fitted.attachments());
            bytes = size.applyAsInt(fitted);
        }
        while (bytes > maxBytes && hasAttachmentText(fitted)) {
            fitted = withoutLargestAttachmentText(fitted);
            bytes = size.applyAsInt(fitted);
        }
        for (int round = 0; bytes > maxBytes && round < 8; round++) {
            String body = fitted.body();
            // What the body takes in the JSON (escapes included): the record with and without it.
            long rest = size.applyAsInt(with(fitted, "", null, true, fitted.attachments()));
            long bodyBytes = Math.max(1, bytes - rest);
            // Shrink in proportion, a little more each round should the body's characters be unevenly wide.
            double keep = (double) (maxBytes - rest) / bodyBytes * (0.99 - 0.1 * round);
            int chars = (int) Math.max(0, Math.min(body.length(), body.length() * keep));
            if (chars > 0 && Character.isHighSurrogate(body.charAt(chars - 1))) {
                chars--;
            }
            fitted = with(fitted, body.substring(0, chars), null, true, fitted.attachments());
            bytes = size.applyAsInt(fitted);
        }
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(
                    "notice " + notice.noticeId() + " does not fit in " + maxBytes + " bytes");
        }
        return fitted;
    }

    /** At most six bytes a character (JSON {@code \\uXXXX}), base64 of the raw bytes, some room for the rest. */
    static long upperBound(RawNotice n) {
        long chars = n.body().length() + n.url().length() * 2L;
        for (RawNotice.Attachment a : n.attachments()) {
            chars += length(a.text()) + length(a.url()) + length(a.name()) + length(a.error());
        }
        long raw = n.rawBody() == null ? 0 : (n.rawBody().length + 2L) / 3 * 4;
        return chars * 6 + raw + 8192 + n.attachments().size() * 256L;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static boolean hasAttachmentText(RawNotice n) {
        return n.attachments().stream()
                .anyMatch(a -> a.text() != null && !a.text().isEmpty());
    }

    private static RawNotice withoutLargestAttachmentText(RawNotice n) {
        List<RawNotice.Attachment> attachments = new ArrayList<>(n.attachments());
        RawNotice.Attachment largest = attachments.stream()
                .filter(a -> a.text() != null)
                .max(Comparator.comparingInt(a -> a.text().length()))
                .orElseThrow();
        int i = attachments.indexOf(largest);
        attachments.set(
                i, new RawNotice.Attachment(largest.url(), largest.name(), largest.contentType(), null, true, DROPPED));
        return with(n, n.body(), n.rawBody(), n.truncated(), attachments);
    }

    private static RawNotice with(
            RawNotice n, String body, byte[] rawBody, boolean truncated, List<RawNotice.Attachment> attachments) {
        return new RawNotice(
                n.schemaVersion(),
                n.noticeId(),
                n.url(),
                n.finalUrl(),
                n.siteId(),
                n.source(),
                n.fetchedAt(),
                n.version(),
                n.httpStatus(),
                n.headers(),
                n.contentType(),
                n.charset(),
                n.charsetSource(),
                body,
                rawBody,
                truncated,
                n.contentHash(),
                attachments,
                n.mirror());
    }
}
