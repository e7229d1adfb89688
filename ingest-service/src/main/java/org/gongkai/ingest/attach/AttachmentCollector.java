package org.gongkai.ingest.attach;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.extract.LinkExtractor.AttachmentLink;
import org.gongkai.ingest.fetch.FetchGate;
import org.gongkai.ingest.fetch.FetchLimits;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.NotFetchedException;
import org.gongkai.ingest.fetch.Validators;
import org.gongkai.ingest.site.AttachmentProperties;

/**
 * Fetches the attachments of one notice and extracts their text, for the {@link RawNotice}'s {@code
 * attachments}. Each link is fetched through the crawl's {@link FetchGate.Session} (robots.txt, host
 * assignment, deferred hosts, politeness, the SSRF guard on every hop, redirects, retries) with the attachment limits, one after
 * another, and its text extracted by {@link AttachmentText}.
 *
 * <p>What is fetched: links whose extension is in {@code extensions}, at most {@code max-count} per notice, while
 * the notice's text budget ({@code max-total-text-chars}) lasts; other links are listed with a reason in {@code
 * error}. Every failure (robots.txt, refused address, HTTP error, cut body, unsupported type, parse error or
 * timeout) is recorded in that attachment's {@code error}; none fails the notice.
 *
 * <p>Refetching: a notice whose content is unchanged is not republished, so its attachments are not fetched
 * again. When a changed notice links an attachment fetched before (since start-up; {@link AttachmentCache}), the
 * request is conditional and a 304, or an identical body, reuses the earlier text without parsing.
 *
 * <p>Metrics: {@code gongkai.ingest.attachments} (counter; tag {@code outcome}: extracted, reused, failed, denied,
 * deferred, skipped) and {@code gongkai.ingest.attachment.bytes} (summary of attachment bytes received). The
 * requests themselves also count in the fetch metrics. Thread-safe.
 */
public final class AttachmentCollector implements AutoCloseable {

    /** What became of one attachment. */
    public enum Outcome {
        /** Fetched and its text extracted (possibly cut at a cap). */
        EXTRACTED,
        /** Unchanged since it was last fetched (304 or the same bytes): the earlier text reused. */
        REUSED,
        /** Fetch or extraction failed (HTTP error, refused address, unsupported type, parse error, timeout). */
        FAILED,
        /** robots.txt disallows it. */
        DENIED,
        /** Its host is paused, its robots.txt unavailable or the host belongs to another instance. */
        DEFERRED,
        /** Not fetched: extension not enabled, over {@code max-count} or the text budget used up. */
        SKIPPED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The attachments of a notice, in link order, with how many ended how.
     *
     * @param attachments one entry per link
     * @param outcomes    count per outcome
     */
    public record Collected(List<RawNotice.Attachment> attachments, Map<Outcome, Integer> outcomes) {

        public int count(Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }

    private final AttachmentProperties config;
    private final AttachmentText text;
    private final AttachmentCache cache;
    private final Set<String> extensions;
    private final FetchLimits limits;
    private final MeterRegistry meters;

    /**
     * @param pageTotalTimeout {@code fetch.total-timeout}; an attachment fetch gets the longer of it and the
     *                         attachment {@code read-timeout}
     */
    public AttachmentCollector(
            AttachmentProperties config,
            AttachmentText text,
            java.time.Duration pageTotalTimeout,
            MeterRegistry meters) {
        this.config = config;
        this.text = text;
        this.cache = new AttachmentCache(config.cacheMaxChars());
        this.extensions = new HashSet<>(config.extensions());
        java.time.Duration total =
                config.readTimeout().compareTo(pageTotalTimeout) > 0 ? config.readTimeout() : pageTotalTimeout;
        this.limits = new FetchLimits(config.maxBytes().toBytes(), config.readTimeout(), total);
        this.meters = meters;
    }

    /** The attachments listed without fetching (attachments off, or a source without network: WARC import). */
    public static List<RawNotice.Attachment> listed(List<AttachmentLink> links, String reason) {
        return links.stream()
                .map(a -> new RawNotice.Attachment(a.url().toString(), a.name(), null, null, false, reason))
                .toList();
    }

    /**
     * Fetches and extracts the attachments of one notice.
     *
     * @throws InterruptedException on shutdown
     */
    public Collected collect(List<AttachmentLink> links, FetchGate.Session fetch) throws InterruptedException {
        List<RawNotice.Attachment> attachments = new ArrayList<>(links.size());
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        int fetched = 0;
        long budget = config.maxTotalTextChars();
        for (AttachmentLink link : links) {
            Result result;
            String extension = extension(link.url());
            if (!config.enabled()) {
                result = Result.skipped("not fetched");
            } else if (!extensions.contains(extension)) {
                result = Result.skipped("not fetched: ." + extension + " is not in attachments.extensions");
            } else if (fetched >= config.maxCount()) {
                result = Result.skipped("not fetched: more than max-count (" + config.maxCount() + ") attachments");
            } else if (budget <= 0) {
                result = new Result(
                        Outcome.SKIPPED,
                        null,
                        null,
                        true,
                        "not fetched: the notice's attachment text budget (max-total-text-chars) is used up");
            } else {
                fetched++;
                result = fetchOne(link, fetch);
            }
            if (result.text != null && result.text.length() > budget) {
                result = result.cutTo((int) budget);
            }
            if (result.text != null) {
                budget -= result.text.length();
            }
            outcomes.merge(result.outcome, 1, Integer::sum);
            Counter.builder("gongkai.ingest.attachments")
                    .description("Attachments of published notices, by outcome")
                    .tag("outcome", result.outcome.tag())
                    .register(meters)
                    .increment();
            attachments.add(new RawNotice.Attachment(
                    link.url().toString(),
                    link.name(),
                    result.contentType,
                    result.text,
                    result.truncated,
                    result.error));
        }
        return new Collected(attachments, outcomes);
    }

    private Result fetchOne(AttachmentLink link, FetchGate.Session fetch) throws InterruptedException {
        URI uri = link.url();
        String key = cacheKey(uri);
        Optional<AttachmentCache.Entry> cached = cache.get(key);
        Validators validators =
                cached.map(c -> new Validators(c.etag(), c.lastModified())).orElse(Validators.NONE);
        FetchResult response;
        try {
            response = fetch.fetch(uri, validators, limits);
        } catch (NotFetchedException e) {
            Outcome outcome = switch (e.reason()) {
                case DENIED -> Outcome.DENIED;
                case DEFERRED -> Outcome.DEFERRED;
                case REFUSED, FAILED -> Outcome.FAILED;
            };
            return new Result(outcome, null, null, false, e.getMessage());
        }
        String etag = response.headers().firstValue("etag").orElse(null);
        String lastModified = response.headers().firstValue("last-modified").orElse(null);
        if (response.status() == 304 && cached.isPresent()) {
            AttachmentCache.Entry entry = cached.get().withValidators(etag, lastModified);
            cache.put(key, entry);
            return new Result(Outcome.REUSED, entry.contentType(), entry.text(), entry.truncated(), null);
        }
        if (!response.isSuccess()) {
            return Result.failed(response.mediaType(), "HTTP " + response.status());
        }
        DistributionSummary.builder("gongkai.ingest.attachment.bytes")
                .description("Attachment body bytes received (after content decoding)")
                .baseUnit("bytes")
                .register(meters)
                .record(response.body().length);
        String hash = NoticeIds.sha256Hex(response.body());
        if (cached.isPresent() && cached.get().bodyHash().equals(hash) && !response.truncated()) {
            AttachmentCache.Entry entry = cached.get().withValidators(etag, lastModified);
            cache.put(key, entry);
            return new Result(Outcome.REUSED, entry.contentType(), entry.text(), entry.truncated(), null);
        }
        AttachmentText.Extracted extracted = text.extract(response.body(), fileName(response.finalUri()));
        String contentType =
                extracted.contentType() != null ? extracted.contentType() : emptyToNull(response.mediaType());
        if (response.truncated()) {
            String cut = "file cut at max-bytes (" + limits.maxBodyBytes() + " bytes)";
            cache.remove(key);
            return extracted.error() == null
                    ? new Result(Outcome.EXTRACTED, contentType, extracted.text(), true, null)
                    : new Result(Outcome.FAILED, contentType, null, true, cut + "; " + extracted.error());
        }
        if (extracted.error() != null) {
            cache.remove(key);
            return Result.failed(contentType, extracted.error());
        }
        if (config.cacheMaxChars() > 0) {
            cache.put(
                    key,
                    new AttachmentCache.Entry(
                            etag, lastModified, hash, contentType, extracted.text(), extracted.truncated()));
        }
        return new Result(Outcome.EXTRACTED, contentType, extracted.text(), extracted.truncated(), null);
    }

    /** Attachments in the cache (tests). */
    int cached() {
        return cache.size();
    }

    private static String cacheKey(URI uri) {
        try {
            return NoticeIds.canonicalUrl(uri.toString());
        } catch (IllegalArgumentException e) {
            return uri.toString();
        }
    }

    private static String extension(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? null : last;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public void close() {
        text.close();
    }

    private record Result(Outcome outcome, String contentType, String text, boolean truncated, String error) {

        static Result skipped(String reason) {
            return new Result(Outcome.SKIPPED, null, null, false, reason);
        }

        static Result failed(String contentType, String error) {
            return new Result(Outcome.FAILED, emptyToNull(contentType), null, false, error);
        }

        /** The text cut to the notice's remaining budget (never inside a surrogate pair). */
        Result cutTo(int chars) {
            int end = chars;
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            return new Result(outcome, contentType, text.substring(0, end), true, error);
        }
    }
}
