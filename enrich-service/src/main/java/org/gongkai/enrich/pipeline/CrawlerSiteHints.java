package org.gongkai.enrich.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.enrich.extract.SiteHints;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Extraction hints written next to each site in the crawler's site list ({@code gongkai.ingest.sites[n]}), so an
 * operator describes a site in one place: mount the same YAML file into enrich-service (compose and the local run
 * do). Only {@code id}, {@code body-selector} and {@code title-selector} are read here; the crawler's other keys
 * are ignored. Hints under {@code gongkai.enrich.sites.<id>} win over these.
 *
 * @param sites the crawler's sites, as far as extraction cares
 */
@ConfigurationProperties("gongkai.ingest")
public record CrawlerSiteHints(List<Site> sites) {

    public CrawlerSiteHints {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /**
     * @param id            the crawler's site id (the {@code siteId} of its notices)
     * @param bodySelector  CSS selector of the notice body on this site's pages
     * @param titleSelector CSS selector of the notice title
     */
    public record Site(String id, String bodySelector, String titleSelector) {}

    /** Hints by site id: the crawler's site list first, then {@code overrides} (enrich's own) on top. */
    public Map<String, SiteHints> merge(Map<String, SiteHints> overrides) {
        Map<String, SiteHints> merged = new HashMap<>();
        for (Site site : sites) {
            if (site.id() != null && (site.bodySelector() != null || site.titleSelector() != null)) {
                merged.put(site.id(), new SiteHints(site.bodySelector(), site.titleSelector()));
            }
        }
        merged.putAll(overrides);
        return Map.copyOf(merged);
    }
}
