package org.gongkai.ingest.site;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the crawler ({@code gongkai.ingest.*}).
 *
 * @param userAgent    User-Agent header sent with every request; identifies the crawler to site operators
 * @param initialDelay time between start-up and the first crawl of all sites; default 5s (keeps start-up lean)
 * @param crawlInterval time between the starts of two crawls of all sites; default 1h. A crawl that takes
 *                     longer delays the next one, it never overlaps it
 * @param maxConcurrentSites sites crawled at the same time, each on its own thread; default 256. Fetches in
 *                     flight are bounded separately ({@code politeness.max-concurrent-requests}); a crawl waiting
 *                     for its host's turn holds a thread but no fetch slot
 * @param fetch        HTTP fetching limits
 * @param politeness   how gently hosts are treated
 * @param robots       how robots.txt is obeyed
 * @param state        where the crawl state is kept
 * @param coordination how several instances share the hosts
 * @param attachments  how the attachments of notices are fetched and their text extracted
 * @param publish      how notices are handed to the broker
 * @param sites        the portals to crawl; ids must be unique
 */
@Validated
@RevisitBounds
@ConfigurationProperties("gongkai.ingest")
public record IngestProperties(
        @DefaultValue("Gongkai/0.1 (government disclosure notice indexer)") @NotBlank
        String userAgent,

        @DefaultValue("5s") @NotNull Duration initialDelay,
        @DefaultValue("1h") @NotNull Duration crawlInterval,
        @DefaultValue("256") @Min(1) @Max(4096) int maxConcurrentSites,
        @DefaultValue @NotNull @Valid Fetch fetch,
        @DefaultValue @NotNull @Valid Politeness politeness,
        @DefaultValue @NotNull @Valid Robots robots,
        @DefaultValue @NotNull @Valid State state,
        @DefaultValue @NotNull @Valid Coordination coordination,

        @DefaultValue @NotNull @Valid @NestedConfigurationProperty
        AttachmentProperties attachments,

        @DefaultValue @NotNull @Valid Publish publish,
        @DefaultValue @NotNull List<@NotNull @Valid Site> sites) {

    public IngestProperties {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /** The site with this id, if configured. */
    public Optional<Site> site(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @AssertTrue(message = "site ids must be unique")
    public boolean isSiteIdsUnique() {
        var ids = new HashSet<String>();
        return sites.stream().allMatch(s -> s.id() == null || ids.add(s.id()));
    }

    @AssertTrue(message = "initial-delay must not be negative and crawl-interval must be positive")
    public boolean isScheduleValid() {
        return initialDelay == null
                || crawlInterval == null
                || (!initialDelay.isNegative() && !crawlInterval.isNegative() && !crawlInterval.isZero());
    }

    /**
     * HTTP fetching limits ({@code gongkai.ingest.fetch.*}).
     *
     * @param connectTimeout time to establish a TCP (and TLS) connection; default 10s
     * @param readTimeout    time for one response, from sending the request to the last body byte; default 30s
     * @param maxBodyBytes   largest body kept, after content decoding; longer bodies are cut there and the
     *                       notice is marked {@code truncated}; default 10MB (mebibytes)
     * @param maxRedirects   redirects followed per page, each hop checked against the address guard; default 5
     * @param retries        further attempts of one request after a 5xx, 429 or connection failure, each after
     *                       the host's backoff (or its Retry-After); default 2
     * @param totalTimeout   longest one page may take over all its redirects and retries (waits for the host's
     *                       turn included); no further hop or attempt starts after it; default 2m
     */
    public record Fetch(
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration readTimeout,
            @DefaultValue("10MB") @NotNull DataSize maxBodyBytes,
            @DefaultValue("5") @Min(0) @Max(20) int maxRedirects,
            @DefaultValue("2") @Min(0) @Max(10) int retries,
            @DefaultValue("2m") @NotNull Duration totalTimeout) {

        @AssertTrue(message = "timeouts and max-body-bytes must be positive")
        public boolean isPositive() {
            return connectTimeout == null
                    || readTimeout == null
                    || maxBodyBytes == null
                    || (connectTimeout.toMillis() > 0 && readTimeout.toMillis() > 0 && maxBodyBytes.toBytes() > 0);
        }
    }

    /**
     * Politeness towards the crawled hosts ({@code gongkai.ingest.politeness.*}). Requests to one host never
     * run in parallel within one instance.
     *
     * @param minDelay              pause between the end of one request to a host and the start of the next;
     *                              default 1s. A longer robots.txt {@code Crawl-delay} wins
     * @param maxCrawlDelay         longest robots.txt {@code Crawl-delay} honoured; a longer one is cut to this;
     *                              default 60s
     * @param maxConcurrentRequests requests in flight at once over all hosts; default 16 (fetches in flight per instance)
     * @param backoffBase           pause after the first failed request to a host (5xx, 429 without Retry-After,
     *                              connection failure); doubled after each further consecutive failure, with
     *                              random jitter of up to half of it removed; default 2s
     * @param backoffMax            longest such pause; default 5m
     * @param pause                 how long a host that keeps failing is left alone; default 30m (listed before
     *                              pauseAfterFailures: the metadata processor takes the first {@code @param} that
     *                              starts with a property's name)
     * @param pauseAfterFailures    consecutive failures after which a host is paused for {@code pause}; default 6
     * @param maxWait               longest a crawl waits for a host's turn; when a host is paused or asks for a
     *                              longer Retry-After, its pages are deferred to a later crawl instead; default 2m
     */
    public record Politeness(
            @DefaultValue("1s") @NotNull Duration minDelay,
            @DefaultValue("60s") @NotNull Duration maxCrawlDelay,
            @DefaultValue("16") @Min(1) @Max(1024) int maxConcurrentRequests,
            @DefaultValue("2s") @NotNull Duration backoffBase,
            @DefaultValue("5m") @NotNull Duration backoffMax,
            @DefaultValue("6") @Min(1) @Max(1000) int pauseAfterFailures,
            @DefaultValue("30m") @NotNull Duration pause,
            @DefaultValue("2m") @NotNull Duration maxWait) {

        /** Defaults with another minimum delay (tests). */
        public static Politeness withMinDelay(Duration minDelay) {
            return new Politeness(
                    minDelay,
                    Duration.ofSeconds(60),
                    16,
                    Duration.ofSeconds(2),
                    Duration.ofMinutes(5),
                    6,
                    Duration.ofMinutes(30),
                    Duration.ofMinutes(2));
        }

        @AssertTrue(message = "politeness durations must not be negative")
        public boolean isDurationsValid() {
            return java.util.stream.Stream.of(minDelay, maxCrawlDelay, backoffBase, backoffMax, pause, maxWait)
                    .allMatch(d -> d == null || !d.isNegative());
        }
    }

    /**
     * robots.txt handling ({@code gongkai.ingest.robots.*}). The rules for the configured User-Agent's product
     * token (e.g. {@code gongkai} for {@code Gongkai/0.1 (...)}) apply, else those for {@code *}.
     *
     * @param enabled    whether robots.txt is fetched and obeyed; default true. Switch off only for own portals
     * @param cacheTtl   how long the rules of a host are reused before robots.txt is fetched again; default 12h
     * @param deferOnError how long a host is left alone when its robots.txt answers 5xx or cannot be fetched
     *                   (the host is not crawled meanwhile); default 30m. 4xx means everything is allowed
     */
    public record Robots(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("12h") @NotNull Duration cacheTtl,
            @DefaultValue("30m") @NotNull Duration deferOnError) {}

    /**
     * The crawl state ({@code gongkai.ingest.state.*}): per URL ETag, Last-Modified, content hash, last visit,
     * status and next visit, kept in a compacted Kafka topic so it survives restarts without local disk.
     *
     * @param topic         compacted topic holding the state, keyed by notice id; default {@code
     *                      notices.crawl-state}, declared by this service (partitions from {@code gongkai.topics})
     * @param loadTimeout   longest the restore of the local store from the topic may take (started at application
     *                      start, readiness {@code crawlState} DOWN until it is done; the first crawl waits for it
     *                      and, when it timed out, tries again); default 15m: 1,000,000 states took about 2 min on
     *                      a heavily loaded 2-core machine (docs/benchmarks.md)
     * @param revisitMin    shortest time between two visits of a notice (after it changed); default 1h
     * @param revisitMax    longest time between two visits of a notice (after it stayed unchanged); default 7d
     * @param store         where this instance holds the state it read from the topic: {@code rocksdb} (default;
     *                      on local disk, the heap does not grow with the number of URLs) or {@code memory} (on
     *                      the heap, about 450 bytes per URL; tests and small runs)
     * @param directory     parent directory of the {@code rocksdb} store (each instance opens a new subdirectory,
     *                      deleted on shutdown; those of dead processes are deleted at start, the store is filled
     *                      from the topic); default {@code gongkai-ingest-state} under {@code java.io.tmpdir}
     * @param cacheSize     native memory (off the heap) of the {@code rocksdb} store: block cache, which the write
     *                      buffers are charged to as well; default 16MB
     * @param writeBufferSize one write buffer (memtable) of the {@code rocksdb} store, at most two per column
     *                      family (within {@code cache-size}); default 4MB
     * @param listFullWalkInterval longest time between two full walks of a site's lists: between them, list pages
     *                      and feeds are asked with the ETag / Last-Modified they answered before, and a list whose
     *                      page answers 304 is not walked further (nothing new was published there). A full walk
     *                      fetches them unconditionally, so a portal whose validators do not change with its list
     *                      hides a new notice at most this long plus one crawl interval; default 1d; {@code 0s}:
     *                      every walk is a full one
     *                      (no conditional list requests)
     * @param navigationRevisit time between two visits of a navigation page: a linked page that is no notice and no
     *                      list page (a calendar's day, an about page); until then it is not fetched again and a list
     *                      page linking it brings nothing new; positive; default 1d (session 13)
     * @param forgetFaultedAfter how long a page known only by its faults (never published: no content hash) is
     *                      retried once no list links it: when such a page is due in a crawl whose lists all gave
     *                      their links, and its first fault of the run is at least this old, its state is dropped
     *                      instead of the page being fetched again (should a list link it again, it is a new page).
     *                      A notice ever published is never dropped so. At least {@code revisit-max} (and each
     *                      site's), so the page's doubling retries reach their longest interval first; {@code 0s}:
     *                      never (such pages are retried for ever, as before session 15); default 30d: with the
     *                      default revisit bounds about 11 tries, the last ones a week apart (session 15)
     */
    public record State(
            @DefaultValue("notices.crawl-state") @NotBlank String topic,
            @DefaultValue("15m") @NotNull Duration loadTimeout,
            @DefaultValue("1h") @NotNull Duration revisitMin,
            @DefaultValue("7d") @NotNull Duration revisitMax,
            @DefaultValue("rocksdb") @NotNull Store store,
            @DefaultValue("") String directory,
            @DefaultValue("16MB") @NotNull DataSize cacheSize,
            @DefaultValue("4MB") @NotNull DataSize writeBufferSize,
            @DefaultValue("1d") @NotNull Duration listFullWalkInterval,
            @DefaultValue("1d") @NotNull Duration navigationRevisit,
            @DefaultValue("30d") @NotNull Duration forgetFaultedAfter) {

        @AssertTrue(message = "state.forget-faulted-after must not be negative")
        public boolean isForgetFaultedAfterValid() {
            return forgetFaultedAfter == null || !forgetFaultedAfter.isNegative();
        }

        /** Whether pages known only by their faults are ever forgotten ({@code forget-faulted-after} not 0). */
        public boolean forgetsFaulted() {
            return !forgetFaultedAfter.isZero();
        }

        @AssertTrue(message = "state.navigation-revisit must be positive")
        public boolean isNavigationRevisitValid() {
            return navigationRevisit == null || (!navigationRevisit.isNegative() && !navigationRevisit.isZero());
        }

        @AssertTrue(message = "state.list-full-walk-interval must not be negative")
        public boolean isListFullWalkIntervalValid() {
            return listFullWalkInterval == null || !listFullWalkInterval.isNegative();
        }

        /** Where the crawl state is held locally. */
        public enum Store {
            ROCKSDB,
            MEMORY
        }

        /** The {@code rocksdb} store's parent directory ({@code directory}, or its default). */
        public Path storeDirectory() {
            return directory == null || directory.isBlank()
                    ? Path.of(System.getProperty("java.io.tmpdir"), "gongkai-ingest-state")
                    : Path.of(directory);
        }

        @AssertTrue(
                message = "state.cache-size must be at least 1MB and state.write-buffer-size at least 64KB and"
                        + " at most half of state.cache-size")
        public boolean isStoreMemoryValid() {
            return cacheSize == null
                    || writeBufferSize == null
                    || (cacheSize.toBytes() >= DataSize.ofMegabytes(1).toBytes()
                            && writeBufferSize.toBytes()
                                    >= DataSize.ofKilobytes(64).toBytes()
                            && writeBufferSize.toBytes() * 2 <= cacheSize.toBytes());
        }
    }

    /**
     * Several instances ({@code gongkai.ingest.coordination.*}): hosts are partitioned over the instances through
     * a Kafka consumer group, so no two instances send requests to one host at the same time.
     *
     * @param enabled whether this instance takes part; default false (a single instance owns every host). All
     *                instances crawling the same sites must enable it with the same topic and group
     * @param topic   coordination topic (stays empty; its partitions are the unit of assignment); default {@code
     *                notices.crawl-hosts}, declared by this service with {@code gongkai.topics.partitions}
     * @param group   consumer group of the instances; default {@code ingest-service-crawlers}
     */
    public record Coordination(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("notices.crawl-hosts") @NotBlank String topic,

            @DefaultValue("ingest-service-crawlers") @NotBlank
            String group) {}

    /**
     * How the crawler hands notices to the broker ({@code gongkai.ingest.publish.*}).
     *
     * @param maxUnacknowledged notices one crawl (one site) may have sent whose acknowledgement has not arrived yet;
     *                          the crawl goes on fetching and parsing meanwhile, and a page is recorded as crawled
     *                          only when its notice's ack arrives (so a crash repeats notices, never loses one).
     *                          {@code 1} awaits each ack before the next page. The bytes in flight are bounded by
     *                          the producer's {@code buffer.memory} in any case; default 32
     * @param rawBytes          whether each raw notice also carries the page's bytes as received ({@code rawBody},
     *                          base64) beside the decoded {@code body}. Off by default: no consumer reads them
     *                          (enrich-service and index-service use {@code body}; the bytes' SHA-256 is in {@code
     *                          contentHash}), and they make a record about twice as large and cost the crawler and
     *                          enrich-service CPU to encode and decode. Turn on to keep the bytes in
     *                          {@code notices.raw} for a consumer of your own that re-decodes them
     * @param brokerWaitWarning how long a crawl waits for the broker (a state flush or send, notice acks, a tombstone)
     *                          before it logs one WARN (and one INFO when it goes on) and counts in {@code
     *                          gongkai.ingest.crawls.waiting.for.broker}; the crawl waits on either way, nothing is
     *                          recorded unacknowledged. Default 10s (a broker that answers does so in milliseconds)
     */
    public record Publish(
            @DefaultValue("32") @Min(1) @Max(4096) int maxUnacknowledged,
            @DefaultValue("false") boolean rawBytes,
            @DefaultValue("10s") @NotNull Duration brokerWaitWarning) {

        @AssertTrue(message = "publish: broker-wait-warning must be positive")
        public boolean isBrokerWaitWarningValid() {
            return brokerWaitWarning == null || (!brokerWaitWarning.isNegative() && !brokerWaitWarning.isZero());
        }
    }
}
