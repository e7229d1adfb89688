package org.gongkai.ingest.crawl;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives the page-visit meters ({@link PageObservation}, {@code gongkai_crawl_page_seconds} and its {@code _active}
 * long-task timer) their HELP text: Micrometer's observation handler registers them without a description, which
 * Prometheus then exposes without one ({@code promtool check metrics} names it). Stateless and thread-safe.
 */
public final class PageMeterDescriptions implements MeterFilter {

    static final String VISIT =
            "Page visits of the crawl: fetch, extract and publish, up to the notice's acknowledgement";
    static final String ACTIVE = "Page visits of the crawl in progress";

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getDescription() != null) {
            return id;
        }
        String description = id.getName().equals(PageObservation.NAME)
                ? VISIT
                : id.getName().equals(PageObservation.NAME + ".active") ? ACTIVE : null;
        return description == null
                ? id
                : new Meter.Id(
                        id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
    }
}
