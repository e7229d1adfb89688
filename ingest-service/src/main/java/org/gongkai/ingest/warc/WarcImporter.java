package org.gongkai.ingest.warc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
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
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads WARC files (plain or gzipped, e.g. Common Crawl extracts) with jwarc and publishes the notice pages in
 * their 2xx HTTP responses as raw notices ({@code source = warc}) through the crawler's own path: content
 * decoded (transfer and content encodings), capped at {@code fetch.max-body-bytes}, charset detected, notice
 * recognised, published only when new or changed, crawl state updated after the ack. A record's site is the
 * configured site whose list URLs share its host, else {@code warc}.
 *
 * <p>Failure semantics: an unreadable record is counted and skipped; a broker that does not acknowledge stops
 * the import (a {@link PublishException}). Not thread-safe; one import at a time.
 */
public final class WarcImporter {

    private static final Logger log = LoggerFactory.getLogger(WarcImporter.class);
    private static final Set<String> DROPPED_HEADERS =
            Set.of("content-encoding", "transfer-encoding", "content-length");

    /**
     * Counts of one import.
     *
     * @param responses HTTP responses read
     * @param published notices published
     * @param unchanged notices equal to their last published version
     * @param skipped   responses that are not 2xx HTML notice pages
     * @param failed    records that could not be read
     */
    public record Report(int responses, int published, int unchanged, int skipped, int failed) {}

    private final SiteCrawler crawler;
    private final IngestProperties properties;

    public WarcImporter(SiteCrawler crawler, IngestProperties properties) {
        this.crawler = crawler;
        this.properties = properties;
    }

    /** Imports one WARC file. */
    public Report importFile(Path file) throws IOException, PublishException, InterruptedException {
        int responses = 0;
        int published = 0;
        int unchanged = 0;
        int skipped = 0;
        int failed = 0;
        try (WarcReader reader = new WarcReader(file)) {
            reader.setLenient(true);
            for (WarcRecord record : reader) {
                if (!(record instanceof WarcResponse response)) {
                    continue;
                }
                responses++;
                FetchResult result;
                try {
                    result = toFetchResult(response);
                } catch (IOException | IllegalArgumentException e) {
                    log.warn("{}: unreadable response record at {}: {}", file, record.position(), e.toString());
                    failed++;
                    continue;
                }
                if (result == null || !result.isSuccess()) {
                    skipped++;
                    continue;
                }
                NoticeOutcome outcome = crawler.ingest(siteFor(result.requestedUri()), result, "warc");
                switch (outcome) {
                    case PUBLISHED -> published++;
                    case UNCHANGED -> unchanged++;
                    default -> skipped++;
                }
            }
        }
        crawler.flushState();
        Report report = new Report(responses, published, unchanged, skipped, failed);
        log.info("{}: {}", file, report);
        return report;
    }

    private FetchResult toFetchResult(WarcResponse response) throws IOException {
        URI target = URI.create(response.target());
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        HttpResponse http = response.http();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        http.headers().map().forEach((name, values) -> {
            if (!DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, values);
            }
        });
        long cap = properties.fetch().maxBodyBytes().toBytes();
        byte[] body;
        boolean truncated;
        try (InputStream in = http.bodyDecoded().stream()) {
            body = in.readNBytes((int) Math.min(cap, Integer.MAX_VALUE - 8));
            truncated = in.read() >= 0;
        }
        return new FetchResult(
                target,
                target,
                http.status(),
                HttpHeaders.of(headers, (a, b) -> true),
                body,
                truncated,
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
                        false,
                        null,
                        null,
                        1,
                        null,
                        1,
                        List.of(),
                        null,
                        null,
                        null,
                        null));
    }
}
