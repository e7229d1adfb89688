package org.gongkai.ingest.site;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 * @param fetch        HTTP fetching limits
 * @param politeness   how gently hosts are treated
 * @param sites        the portals to crawl; ids must be unique
 */
@Validated
@ConfigurationProperties("gongkai.ingest")
public record IngestProperties(
        @DefaultValue("Gongkai/0.1 (government disclosure notice indexer)") @NotBlank String userAgent,
        @DefaultValue("5s") @NotNull Duration initialDelay,
        @DefaultValue("1h") @NotNull Duration crawlInterval,
        @DefaultValue @NotNull @Valid Fetch fetch,
        @DefaultValue @NotNull @Valid Politeness politeness,
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
     */
    public record Fetch(
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration readTimeout,
            @DefaultValue("10MB") @NotNull DataSize maxBodyBytes,
            @DefaultValue("5") @Min(0) @Max(20) int maxRedirects) {

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
     * run in parallel.
     *
     * @param minDelay pause between the end of one request to a host and the start of the next; default 1s
     */
    public record Politeness(@DefaultValue("1s") @NotNull Duration minDelay) {

        @AssertTrue(message = "min-delay must not be negative")
        public boolean isMinDelayValid() {
            return minDelay == null || !minDelay.isNegative();
        }
    }
}
