package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.ingest.attach.AttachmentCollector;
import org.gongkai.ingest.extract.FeedLinks;
import org.gongkai.ingest.extract.LinkExtractor;
import org.gongkai.ingest.extract.NoticePageRecognizer;
import org.gongkai.ingest.extract.PageDocuments;
import org.gongkai.ingest.extract.Pagination;
import org.gongkai.ingest.fetch.BlockedAddressException;
import org.gongkai.ingest.fetch.CharsetDetector;
import org.gongkai.ingest.fetch.FetchException;
import org.gongkai.ingest.fetch.FetchLimits;
import org.gongkai.ingest.fetch.FetchResult;
import org.gongkai.ingest.fetch.HostPausedException;
import org.gongkai.ingest.fetch.HttpFetcher;
import org.gongkai.ingest.fetch.RobotsPolicy;
import org.gongkai.ingest.fetch.Validators;
import org.gongkai.ingest.publish.NoticePublisher;
import org.gongkai.ingest.publish.PublishException;
import org.gongkai.ingest.site.IngestProperties;
import org.gongkai.ingest.site.Site;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One crawl of one site: load the crawl state (first crawl only), fetch each list page and collect its same-host
 * links (and those of its sitemaps and feeds), add the site's known notices that are due but no longer linked, keep the first {@code max-pages}, and
 * for each: skip it when robots.txt denies it, its host is deferred or it is not due yet; otherwise fetch it
 * conditionally (ETag, Last-Modified) and publish it when it is a notice whose content hash differs from the
 * version last published. Pages are fetched one after another.
 *
 * <p>Incremental revisits: a known notice is due at its {@code nextVisit}; its revisit interval starts at
 * {@code revisit-min}, halves when the notice changed and doubles while it stays the same, up to
 * {@code revisit-max} (the site's own bounds where it sets them, else {@code gongkai.ingest.state.*}).
 *
 * <p>Attachments: before a notice is published, the {@link AttachmentCollector} fetches its attachments through
 * this crawler's fetch path (robots.txt, host assignment, deferred hosts, politeness, SSRF guard) and extracts
 * their text; their failures are recorded per attachment and never fail the notice. Without a collector they are
 * listed only.
 *
 * <p>Failure semantics: a list or linked page that cannot be fetched, is not HTML or not a notice is counted
 * and the crawl goes on. The state of a notice changes only after the broker acknowledged what was published for
 * it, so a notice the broker refuses is retried on the next crawl; when the broker is unreachable the crawl of the
 * site stops, as every further notice would fail too. A published notice that answers 404 or 410 is marked
 * missing; when it answers so again on its next visit, a tombstone is published and the notice forgotten.
 *
 * <p>Metrics: {@code gongkai.ingest.notices} (tags {@code site}, {@code outcome}). Not thread-safe for
 * concurrent crawls of the same site; the {@link CrawlScheduler} runs one crawl at a time.
 */
public final class SiteCrawler implements Crawler {

    private static final Logger log = LoggerFactory.getLogger(SiteCrawler.class);

    private final HostAssignment assignment;
    private final HttpFetcher fetcher;
    private final RobotsPolicy robots;
    private final CharsetDetector charsets;
    private final LinkExtractor links;
    private final NoticePageRecognizer recognizer;
    private final Pagination pagination = new Pagination();
    private final FeedLinks feeds = new FeedLinks();

    /** How often a long crawl logs its progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** Sitemaps of a sitemap index read per crawl. */
    private static final int MAX_CHILD_SITEMAPS = 20;

    private final NoticePublisher publisher;
    private final CrawlState state;
    private final IngestProperties.State revisits;
    private final AttachmentCollector attachmentCollector;
    private final MeterRegistry meters;
    private final Clock clock;

    /** A crawler that may send requests to every host and lists attachments without fetching them. */
    public SiteCrawler(
            HttpFetcher fetcher,
            RobotsPolicy robots,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            MeterRegistry meters,
            Clock clock) {
        this(HostAssignment.ALL, fetcher, robots, publisher, state, revisits, null, meters, clock);
    }

    /**
     * @param assignment  which hosts this instance may send requests to (several instances)
     * @param attachments fetches the attachments of notices and extracts their text; null to list them only
     */
    public SiteCrawler(
            HostAssignment assignment,
            HttpFetcher fetcher,
            RobotsPolicy robots,
            NoticePublisher publisher,
            CrawlState state,
            IngestProperties.State revisits,
            AttachmentCollector attachments,
            MeterRegistry meters,
            Clock clock) {
        this.attachmentCollector = attachments;
        this.assignment = assignment;
        this.fetcher = fetcher;
        this.robots = robots;
        this.charsets = new CharsetDetector();
        this.links = new LinkExtractor();
        this.recognizer = new NoticePageRecognizer();
        this.publisher = publisher;
        this.state = state;
        this.revisits = revisits;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public CrawlReport crawl(Site site) throws InterruptedException {
        state.load();
        CrawlReport.Builder report = new CrawlReport.Builder(site.id(), clock.instant());
        Set<String> deferredHosts = new HashSet<>();
        List<URI> pages = noticeLinks(site, report, deferredHosts);
        pages = withKnownPagesDue(site, pages);
        if (pages.size() > site.maxPages()) {
            log.info("site {}: {} links, crawling the first {} (max-pages)", site.id(), pages.size(), site.maxPages());
            pages = pages.subList(0, site.maxPages());
        }
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        int done = 0;
        try {
            for (URI page : pages) {
                if (System.nanoTime() > nextProgress) {
                    nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                    log.info("site {}: {} of {} pages done, {}", site.id(), done, pages.size(), report.progress());
                }
                done++;
                try {
                    outcome(site, report, crawlPage(site, page, report, deferredHosts));
                } catch (PublishException e) {
                    outcome(site, report, NoticeOutcome.FAILED);
                    if (e.brokerUnavailable()) {
                        report.error(e.getMessage());
                        log.warn("site {}: broker unavailable, crawl stopped: {}", site.id(), e.getMessage());
                        break;
                    }
                    log.warn("site {}: {}", site.id(), e.getMessage());
                }
            }
        } finally {
            state.flush();
        }
        return report.build(clock.instant());
    }

    /**
     * Adds the site's known notices that are due but no longer linked from the list pages (e.g. removed ones,
     * or ones that slid past the pages crawled), after the linked ones.
     */
    private List<URI> withKnownPagesDue(Site site, List<URI> linked) {
        Set<String> seen = new HashSet<>();
        for (URI uri : linked) {
            seen.add(NoticeIds.canonicalUrl(uri.toString()));
        }
        Instant now = clock.instant();
        List<URI> due = state.ofSite(site.id())
                .filter(s -> isDue(site, s, now) && !seen.contains(s.url()))
                .sorted(java.util.Comparator.comparing(UrlState::nextVisit))
                .map(s -> {
                    try {
                        return URI.create(s.url());
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                })
                .filter(java.util.Objects::nonNull)
                .toList();
        if (due.isEmpty()) {
            return linked;
        }
        List<URI> all = new ArrayList<>(linked);
        all.addAll(due);
        return all;
    }

    /**
     * Whether a known notice should be fetched now. Half of {@code revisit-min} of slack keeps crawl timing
     * jitter from pushing a notice a whole crawl interval back.
     */
    private boolean isDue(Site site, UrlState known, Instant now) {
        return !known.nextVisit()
                .isAfter(now.plus(site.revisitMin(revisits.revisitMin()).dividedBy(2)));
    }

    /**
     * The next revisit interval: halved after a change, doubled while unchanged, within the site's bounds
     * ({@code revisit-min}, {@code revisit-max} of the site, else of {@code gongkai.ingest.state}).
     */
    private Duration nextRevisit(Site site, UrlState known, boolean changed) {
        Duration min = site.revisitMin(revisits.revisitMin());
        Duration max = site.revisitMax(revisits.revisitMax());
        if (known == null) {
            return min;
        }
        Duration next = changed ? known.revisit().dividedBy(2) : known.revisit().multipliedBy(2);
        if (next.compareTo(min) < 0) {
            return min;
        }
        return next.compareTo(max) > 0 ? max : next;
    }

    /**
     * Fetches the list pages, following their pagination (auto mode) up to {@code max-list-pages} per list URL,
     * and returns their links, de-duplicated across pages, in page order. Lists are newest first: paging stops at
     * the first page that brings no link not seen before (in this crawl or in the crawl state).
     */
    private List<URI> noticeLinks(Site site, CrawlReport.Builder report, Set<String> deferredHosts)
            throws InterruptedException {
        Map<String, URI> found = new LinkedHashMap<>();
        Set<String> listPages = new HashSet<>();
        for (URI listUri : site.listUris()) {
            URI page = listUri;
            for (int n = 1; page != null && n <= site.maxListPages(); n++) {
                listPages.add(NoticeIds.canonicalUrl(page.toString()));
                FetchResult list = fetchList(site, page, report, deferredHosts);
                if (list == null) {
                    break;
                }
                if (!list.isSuccess() || !(list.isHtml() || list.mediaType().endsWith("xml"))) {
                    log.warn("site {}: list page {} answered {} {}", site.id(), page, list.status(), list.mediaType());
                    report.listFailed();
                    break;
                }
                report.listPage();
                CharsetDetector.Decoded decoded = decode(site, list);
                Document document = Jsoup.parse(decoded.text(), list.finalUri().toString());
                List<URI> pageLinks = new ArrayList<>(links.extract(document, list.finalUri(), site.linkSelector()));
                pageLinks.addAll(links.extractRecords(decoded.text(), list.finalUri(), site.linkSelector()));
                int fresh = 0;
                for (URI link : pageLinks) {
                    if (pagination.isSeriesPage(link, listUri)) {
                        continue;
                    }
                    String key = NoticeIds.canonicalUrl(link.toString());
                    if (found.putIfAbsent(key, link) == null
                            && state.get(NoticeIds.fromUrl(key)).isEmpty()) {
                        fresh++;
                    }
                }
                if (site.pagination() == Site.Pagination.NONE) {
                    break;
                }
                if (fresh == 0) {
                    log.debug("site {}: nothing new on list page {}, paging stops", site.id(), page);
                    break;
                }
                URI next = pagination
                        .next(document, decoded.text(), list.finalUri())
                        .orElse(null);
                if (next != null && listPages.contains(NoticeIds.canonicalUrl(next.toString()))) {
                    next = null;
                }
                if (next != null && n == site.maxListPages()) {
                    log.info("site {}: list {} has more pages than max-list-pages ({})", site.id(), listUri, n);
                }
                page = next;
            }
        }
        for (URI feed : site.feedUris()) {
            readFeed(site, feed, found, report, deferredHosts, true);
        }
        listPages.forEach(found::remove);
        return new ArrayList<>(found.values());
    }

    /** Fetches a list page, sitemap or feed and counts it; null when it was not fetched (counted by the reason). */
    private FetchResult fetchList(Site site, URI uri, CrawlReport.Builder report, Set<String> deferredHosts)
            throws InterruptedException {
        try {
            FetchResult result = fetch(site, uri, deferredHosts, Validators.NONE, null);
            report.fetched();
            return result;
        } catch (NotFetched e) {
            switch (e.outcome) {
                case DENIED -> report.listDenied();
                case DEFERRED -> report.listDeferred();
                default -> report.listFailed();
            }
            return null;
        }
    }

    /** Adds the page URLs of a sitemap or feed; a sitemap index is followed one level deep. */
    private void readFeed(
            Site site,
            URI feed,
            Map<String, URI> found,
            CrawlReport.Builder report,
            Set<String> deferredHosts,
            boolean followIndex)
            throws InterruptedException {
        FetchResult result = fetchList(site, feed, report, deferredHosts);
        if (result == null) {
            return;
        }
        if (!result.isSuccess()) {
            log.warn("site {}: feed {} answered {}", site.id(), feed, result.status());
            report.listFailed();
            return;
        }
        FeedLinks.Parsed parsed;
        try {
            parsed = feeds.parse(result.body(), result.mediaType(), result.finalUri());
        } catch (java.io.IOException e) {
            log.warn("site {}: {}", site.id(), e.getMessage());
            report.listFailed();
            return;
        }
        report.listPage();
        for (URI page : parsed.pages()) {
            found.putIfAbsent(NoticeIds.canonicalUrl(page.toString()), page);
        }
        if (followIndex) {
            for (URI child :
                    parsed.sitemaps().subList(0, Math.min(parsed.sitemaps().size(), MAX_CHILD_SITEMAPS))) {
                readFeed(site, child, found, report, deferredHosts, false);
            }
        }
    }

    private NoticeOutcome crawlPage(Site site, URI page, CrawlReport.Builder report, Set<String> deferredHosts)
            throws InterruptedException, PublishException {
        String url = NoticeIds.canonicalUrl(page.toString());
        String noticeId = NoticeIds.fromUrl(url);
        UrlState known = state.get(noticeId).orElse(null);
        if (known != null && !isDue(site, known, clock.instant())) {
            return NoticeOutcome.NOT_DUE;
        }
        Validators validators = known == null ? Validators.NONE : new Validators(known.etag(), known.lastModified());
        FetchResult result;
        try {
            result = fetch(site, page, deferredHosts, validators, null);
            report.fetched();
        } catch (NotFetched e) {
            return e.outcome;
        }
        Instant now = result.fetchedAt();
        if (result.status() == 404 || result.status() == 410) {
            if (known == null) {
                return NoticeOutcome.SKIPPED;
            }
            if (known.goneStrikes() == 0) {
                // One 404 can be a CMS hiccup: confirm on the next visit before removing the notice.
                state.put(noticeId, known.gone(now, result.status()));
                log.info(
                        "site {}: notice {} ({}) answered {}, will confirm", site.id(), noticeId, url, result.status());
                return NoticeOutcome.MISSING;
            }
            publisher.publishTombstone(noticeId);
            state.remove(noticeId);
            log.info("site {}: notice {} ({}) is gone ({})", site.id(), noticeId, url, result.status());
            return NoticeOutcome.DELETED;
        }
        if (result.status() == 304 && known != null) {
            state.put(
                    noticeId,
                    known.unchanged(etag(result), lastModified(result), now, 304, nextRevisit(site, known, false)));
            return NoticeOutcome.UNCHANGED;
        }
        if (!result.isSuccess()) {
            log.debug("site {}: {} answered {}", site.id(), url, result.status());
            return NoticeOutcome.FAILED;
        }
        AttachmentCollector.Fetch attachmentFetch = (uri, attachmentValidators, limits) -> {
            try {
                return fetch(site, uri, deferredHosts, attachmentValidators, limits);
            } catch (NotFetched e) {
                throw new AttachmentCollector.NotFetched(
                        switch (e.outcome) {
                            case DENIED -> AttachmentCollector.Outcome.DENIED;
                            case DEFERRED -> AttachmentCollector.Outcome.DEFERRED;
                            default -> AttachmentCollector.Outcome.FAILED;
                        },
                        e.reason);
            }
        };
        return publishIfChanged(site, url, noticeId, known, result, "crawl", report, attachmentFetch);
    }

    /**
     * Publishes a page obtained elsewhere (a WARC record) through the same path as a crawled one: unchanged
     * content is not republished, pages that are not notices are skipped, the state is updated after the ack.
     *
     * @param result a 2xx response
     * @param source the event's {@code source}, e.g. {@code warc}
     */
    public NoticeOutcome ingest(Site site, FetchResult result, String source)
            throws PublishException, InterruptedException {
        state.load();
        String url = NoticeIds.canonicalUrl(result.requestedUri().toString());
        String noticeId = NoticeIds.fromUrl(url);
        // No live fetches for imported pages: their attachments are listed only.
        NoticeOutcome outcome =
                publishIfChanged(site, url, noticeId, state.get(noticeId).orElse(null), result, source, null, null);
        outcome(site, null, outcome);
        return outcome;
    }

    /** Waits until the crawl state changes made so far are stored (after {@link #ingest} calls). */
    public void flushState() {
        state.flush();
    }

    /**
     * @param report          the running crawl's report, or null (WARC import)
     * @param attachmentFetch how to fetch attachments, or null to list them without fetching
     */
    private NoticeOutcome publishIfChanged(
            Site site,
            String url,
            String noticeId,
            UrlState known,
            FetchResult result,
            String source,
            CrawlReport.Builder report,
            AttachmentCollector.Fetch attachmentFetch)
            throws PublishException, InterruptedException {
        Instant now = result.fetchedAt();
        if (!result.isHtml() && !result.isPlainText()) {
            return NoticeOutcome.SKIPPED;
        }
        String hash = NoticeIds.sha256Hex(result.body());
        if (known != null && hash.equals(known.contentHash())) {
            state.put(
                    noticeId,
                    known.unchanged(
                            etag(result), lastModified(result), now, result.status(), nextRevisit(site, known, false)));
            return NoticeOutcome.UNCHANGED;
        }
        CharsetDetector.Decoded decoded = decode(site, result);
        Document document = PageDocuments.parse(result.mediaType(), decoded.text(), result.finalUri());
        if (!recognizer.recognize(document).isNotice()) {
            return NoticeOutcome.SKIPPED;
        }
        List<LinkExtractor.AttachmentLink> attachmentLinks = links.attachments(document);
        List<RawNotice.Attachment> attachments;
        if (attachmentCollector == null || attachmentFetch == null) {
            attachments = AttachmentCollector.listed(attachmentLinks, "not fetched");
        } else {
            AttachmentCollector.Collected collected = attachmentCollector.collect(attachmentLinks, attachmentFetch);
            attachments = collected.attachments();
            if (report != null) {
                report.attachments(collected);
            }
        }
        publisher.publish(rawNotice(site, url, noticeId, result, decoded, hash, source, attachments));
        // Only now, with the notice acknowledged, may the state say it was published.
        state.put(
                noticeId,
                UrlState.published(
                        url,
                        site.id(),
                        etag(result),
                        lastModified(result),
                        hash,
                        now,
                        result.status(),
                        nextRevisit(site, known, true)));
        return NoticeOutcome.PUBLISHED;
    }

    private static String etag(FetchResult result) {
        return result.headers().firstValue("etag").orElse(null);
    }

    private static String lastModified(FetchResult result) {
        return result.headers().firstValue("last-modified").orElse(null);
    }

    /**
     * Fetches a page unless robots.txt denies it or its host is deferred.
     *
     * @throws NotFetched with the outcome when the page was not fetched
     */
    private FetchResult fetch(Site site, URI uri, Set<String> deferredHosts, Validators validators, FetchLimits limits)
            throws InterruptedException, NotFetched {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (deferredHosts.contains(host)) {
            throw new NotFetched(NoticeOutcome.DEFERRED, "deferred: host " + host + " is deferred in this crawl");
        }
        if (!assignment.enter(host)) {
            log.info("site {}: host {} belongs to another instance now; its pages deferred", site.id(), host);
            deferredHosts.add(host);
            throw new NotFetched(NoticeOutcome.DEFERRED, "deferred: host " + host + " belongs to another instance");
        }
        try {
            return fetchOwned(site, uri, host, deferredHosts, validators, limits);
        } finally {
            assignment.exit(host);
        }
    }

    /** @param limits other size and time bounds (attachments), or null for the page limits */
    private FetchResult fetchOwned(
            Site site, URI uri, String host, Set<String> deferredHosts, Validators validators, FetchLimits limits)
            throws InterruptedException, NotFetched {
        try {
            fetcher.vet(uri, site.allowPrivateNetwork());
        } catch (BlockedAddressException e) {
            // Before robots.txt: fetching that would be refused too, and would defer the host as "unavailable".
            log.warn("site {}: {}", site.id(), e.getMessage());
            throw new NotFetched(NoticeOutcome.FAILED, "refused: " + e.getMessage());
        }
        switch (robots.check(uri, site.allowPrivateNetwork())) {
            case DENIED -> {
                log.debug("site {}: {} disallowed by robots.txt", site.id(), uri);
                throw new NotFetched(NoticeOutcome.DENIED, "not fetched: disallowed by robots.txt");
            }
            case DEFERRED -> {
                log.info("site {}: robots.txt of {} unavailable, its pages deferred", site.id(), host);
                deferredHosts.add(host);
                throw new NotFetched(NoticeOutcome.DEFERRED, "deferred: robots.txt of " + host + " unavailable");
            }
            case ALLOWED -> {}
        }
        try {
            return limits == null
                    ? fetcher.fetch(uri, site.allowPrivateNetwork(), validators)
                    : fetcher.fetch(uri, site.allowPrivateNetwork(), validators, limits);
        } catch (HostPausedException e) {
            log.info("site {}: {}; its pages deferred to a later crawl", site.id(), e.getMessage());
            deferredHosts.add(host);
            throw new NotFetched(NoticeOutcome.DEFERRED, "deferred: " + e.getMessage());
        } catch (BlockedAddressException e) {
            log.warn("site {}: {}", site.id(), e.getMessage());
            throw new NotFetched(NoticeOutcome.FAILED, "refused: " + e.getMessage());
        } catch (FetchException e) {
            log.warn("site {}: {}", site.id(), e.getMessage());
            throw new NotFetched(NoticeOutcome.FAILED, "fetch failed: " + e.getMessage());
        }
    }

    /** A page was not fetched; the outcome and reason say why. */
    private static final class NotFetched extends Exception {
        final NoticeOutcome outcome;
        final String reason;

        NotFetched(NoticeOutcome outcome, String reason) {
            super(reason, null, false, false);
            this.outcome = outcome;
            this.reason = reason;
        }
    }

    private CharsetDetector.Decoded decode(Site site, FetchResult result) {
        return charsets.decode(
                result.body(), result.headerCharset(), site.charsetOverride().orElse(null), result.truncated());
    }

    static RawNotice rawNotice(
            Site site,
            String url,
            String noticeId,
            FetchResult result,
            CharsetDetector.Decoded decoded,
            String hash,
            String source,
            List<RawNotice.Attachment> attachments) {
        Instant fetchedAt = result.fetchedAt();
        long version =
                Math.addExact(Math.multiplyExact(fetchedAt.getEpochSecond(), 1_000_000L), fetchedAt.getNano() / 1_000);
        String mediaType = result.mediaType().isEmpty() ? "text/html" : result.mediaType();
        return new RawNotice(
                RawNotice.SCHEMA_VERSION,
                noticeId,
                url,
                NoticeIds.canonicalUrl(result.finalUri().toString()),
                site.id(),
                source,
                fetchedAt,
                version,
                result.status(),
                result.keptHeaders(),
                mediaType,
                decoded.charset().name(),
                decoded.source().wireName(),
                decoded.text(),
                result.body(),
                result.truncated(),
                hash,
                attachments);
    }

    private void outcome(Site site, CrawlReport.Builder report, NoticeOutcome outcome) {
        if (report != null) {
            report.outcome(outcome);
        }
        Counter.builder("gongkai.ingest.notices")
                .description("Linked pages by crawl outcome")
                .tag("site", site.id())
                .tag("outcome", outcome.tag())
                .register(meters)
                .increment();
    }
}
