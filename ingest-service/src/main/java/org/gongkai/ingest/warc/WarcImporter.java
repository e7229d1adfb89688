package org.gongkai.ingest.warc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gongkai.ingest.crawl.NoticeOutcome;
import org.gongkai.ingest.crawl.SiteCrawler;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.gongkai.ingest.url.CanonicalUrls;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTargetRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads WARC files (plain or gzipped, e.g. Common Crawl extracts) with jwarc and publishes the notice pages they
 * hold as raw notices ({@code source = warc}) through the crawler's own path: content decoded (transfer and
 * content encodings), capped at {@code fetch.max-body-bytes}, charset detected, notice recognised, published only
 * when new or changed, crawl state updated after the ack. Two kinds of record are read:
 *
 * <ul>
 *   <li>{@code response} records: their 2xx HTTP responses (HTML or plain text);
 *   <li>{@code conversion} records with a {@code text/plain} payload, the text extracts of WET files: keyed to the
 *       URL of the page they were extracted from ({@code WARC-Target-URI}, else the target of the record their
 *       {@code WARC-Refers-To} names, when that record came earlier in the same file), published as
 *       {@code text/plain} pages, UTF-8 unless the record declares a charset (Common Crawl writes WET text in
 *       UTF-8; bytes that contradict it are detected as for any page). A conversion of a page whose response was
 *       already imported from the same file is skipped: the page itself is the better source.
 * </ul>
 *
 * A record's site is the configured site whose list URLs share its host, else {@code warc}.
 *
 * <p>Failure semantics: an unreadable record is counted and skipped; a broker that does not acknowledge stops
 * the import (a {@link PublishException}). Not thread-safe; one import at a time.
 */
public final class WarcImporter {

    private static final Logger log = LoggerFactory.getLogger(WarcImporter.class);
    private static final Set<String> DROPPED_HEADERS =
            Set.of("content-encoding", "transfer-encoding", "content-length");

    /**
     * Counts of one kind of record in one import.
     *
     * @param read      records of this kind read
     * @param published notices published
     * @param unchanged notices equal to their last published version
     * @param skipped   records that hold no notice (not 2xx, not HTML or text, not a notice page, no target URL)
     */
    public record Counts(int read, int published, int unchanged, int skipped) {

        static final Counts NONE = new Counts(0, 0, 0, 0);

        Counts plusRead() {
            return new Counts(read + 1, published, unchanged, skipped);
        }

        Counts with(NoticeOutcome outcome) {
            return switch (outcome) {
                case PUBLISHED -> new Counts(read, published + 1, unchanged, skipped);
                case UNCHANGED -> new Counts(read, published, unchanged + 1, skipped);
                default -> new Counts(read, published, unchanged, skipped + 1);
            };
        }

        @Override
        public String toString() {
            return "read " + read + ", published " + published + ", unchanged " + unchanged + ", skipped " + skipped;
        }
    }

    /**
     * Counts of one import.
     *
     * @param responses   {@code response} records
     * @param conversions {@code conversion} records (WET text extracts)
     * @param failed      records that could not be read
     */
    public record Report(Counts responses, Counts conversions, int failed) {

        public int published() {
            return responses.published() + conversions.published();
        }

        public int unchanged() {
            return responses.unchanged() + conversions.unchanged();
        }

        @Override
        public String toString() {
            return "responses: " + responses + "; conversions: " + conversions + "; unreadable records: " + failed;
        }
    }

    private final SiteCrawler crawler;
    private final IngestProperties properties;

    public WarcImporter(SiteCrawler crawler, IngestProperties properties) {
        this.crawler = crawler;
        this.properties = properties;
    }

    /** Imports one WARC file. */
    public Report importFile(Path file) throws IOException, PublishException, InterruptedException {
        Counts responses = Counts.NONE;
        Counts conversions = Counts.NONE;
        int failed = 0;
        // record id -> target URL, for conversions that name their source only by WARC-Refers-To
        Map<URI, String> targets = new HashMap<>();
        Set<String> importedPages = new HashSet<>();
        try (WarcReader reader = new WarcReader(file)) {
            reader.setLenient(true);
            for (WarcRecord record : reader) {
                if (record instanceof WarcTargetRecord targeted && targeted.target() != null) {
                    targets.put(record.id(), targeted.target());
                }
                boolean response = record instanceof WarcResponse;
                if (!response && !(record instanceof WarcConversion)) {
                    continue;
                }
                if (response) {
                    responses = responses.plusRead();
                } else {
                    conversions = conversions.plusRead();
                }
                FetchResult result;
                try {
                    result = response
                            ? toFetchResult((WarcResponse) record)
                            : toFetchResult((WarcConversion) record, targets);
                } catch (IOException | IllegalArgumentException e) {
                    log.warn(
                            "{}: unreadable {} record at {}: {}", file, record.type(), record.position(), e.toString());
                    failed++;
                    continue;
                }
                NoticeOutcome outcome;
                if (result == null || !result.isSuccess()) {
                    outcome = NoticeOutcome.SKIPPED;
                } else {
                    String page = CanonicalUrls.canonical(result.requestedUri().toString());
                    if (!response && importedPages.contains(page)) {
                        outcome = NoticeOutcome.SKIPPED;
                    } else {
                        outcome = crawler.ingest(siteFor(result.requestedUri()), result, "warc");
                        if (response && outcome != NoticeOutcome.SKIPPED) {
                            importedPages.add(page);
                        }
                    }
                }
                if (response) {
                    responses = responses.with(outcome);
                } else {
                    conversions = conversions.with(outcome);
                }
            }
        }
        crawler.flushState();
        Report report = new Report(responses, conversions, failed);
        log.info("{}: {}", file, report);
        return report;
    }

    /** The text extract as a plain-text page of its target URL; null when it has none or is not text. */
    private FetchResult toFetchResult(WarcConversion conversion, Map<URI, String> targets) throws IOException {
        String target = conversion.target();
        if (target == null) {
            target = conversion.refersTo().map(targets::get).orElse(null);
        }
        MediaType type = conversion.contentType();
        if (target == null || !type.base().equals(MediaType.PLAIN_TEXT.base())) {
            return null;
        }
        URI uri = URI.create(target);
        if (!isHttp(uri)) {
            return null;
        }
        String charset = type.parameters().get("charset");
        String contentType = "text/plain; charset=" + (charset == null ? "utf-8" : charset);
        Capped body;
        try (InputStream in = conversion.body().stream()) {
            body = capped(in);
        }
        return new FetchResult(
                uri,
                uri,
                200,
                HttpHeaders.of(Map.of("content-type", List.of(contentType)), (a, b) -> true),
                body.bytes(),
                body.truncated(),
                conversion.date());
    }

    private record Capped(byte[] bytes, boolean truncated) {}

    private Capped capped(InputStream in) throws IOException {
        long cap = properties.fetch().maxBodyBytes().toBytes();
        byte[] bytes = in.readNBytes((int) Math.min(cap, Integer.MAX_VALUE - 8));
        return new Capped(bytes, in.read() >= 0);
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    private FetchResult toFetchResult(WarcResponse response) throws IOException {
        URI target = URI.create(response.target());
        if (!isHttp(target)) {
            return null;
        }
        HttpResponse http = response.http();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        http.headers().map().forEach((name, values) -> {
            if (!DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, values);
            }
        });
        Capped body;
        try (InputStream in = http.bodyDecoded().stream()) {
            body = capped(in);
        }
        return new FetchResult(
                target,
                target,
                http.status(),
                HttpHeaders.of(headers, (a, b) -> true),
                body.bytes(),
                body.truncated(),
                response.date());
    }

    private Site siteFor(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return properties.sites().stream()
                .filter(s -> s.listUris().stream().anyMatch(l -> host.equalsIgnoreCase(l.getHost())))
                .findFirst()
                .orElseGet(() -> new Site(
                        "warc",
                        "WARC import",
                        List.of(uri.toString()),
                        List.of(),
                        null,
                        null,
                        null,
                        1,
                        null,
                        1,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        false));
    }
}
