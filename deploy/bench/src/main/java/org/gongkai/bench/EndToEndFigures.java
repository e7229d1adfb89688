package org.gongkai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gongkai.bench.Metric.Target;
import org.gongkai.local.Services.Service;

/**
 * What the end-to-end stage observed, as the report's figures and notes: the offered rate beside the asked one,
 * publish → searchable percentiles, the enrich and index legs, where the notices still not searchable were held,
 * and the CPU each service used while the crawler published.
 *
 * @param asked     offered rate asked for, notices/s
 * @param sites     sites of the end-to-end corpus
 * @param published notices the crawler published
 * @param offered   rate the crawler reached, notices/s
 * @param legs      latencies (ms) of the notices with an end time
 * @param held      where the notices not searchable at the end were
 * @param cores     CPU of each service while the crawler published, in cores
 * @param load      the 1-minute load average at the end
 * @param steady    latencies of the notices published after the first {@code warmUp} share, or {@code null}
 * @param warmUp    that share
 */
record EndToEndFigures(
        int asked,
        int sites,
        long published,
        double offered,
        Latencies.Legs legs,
        Latencies.Held held,
        Map<Service, Double> cores,
        double load,
        Latencies.Legs steady,
        double warmUp) {

    /** Without the steady-state rows. */
    EndToEndFigures(
            int asked,
            int sites,
            long published,
            double offered,
            Latencies.Legs legs,
            Latencies.Held held,
            Map<Service, Double> cores,
            double load) {
        this(asked, sites, published, offered, legs, held, cores, load, null, 0);
    }

    /** Below this share of the asked rate the report says what the crawler's CPU was. */
    static final double OFFERED_SHORTFALL = 0.9;

    List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        m.add(Metric.of("e2e.offered_per_s", "end to end: offered rate (crawl publishes)", offered, "notices/s")
                .withBaseline(asked));
        for (int p : new int[] {50, 95, 99}) {
            Metric total = Metric.of(
                    "e2e.p" + p + "_ms",
                    "end to end: publish → searchable p" + p,
                    Latencies.percentile(legs.total(), p),
                    "ms");
            m.add(p == 99 ? total.withTarget(Target.atMost(2000)) : total);
        }
        for (int p : new int[] {50, 99}) {
            m.add(Metric.of(
                    "e2e.enrich_leg_p" + p + "_ms",
                    "end to end, enrich leg: publish → enriched record p" + p,
                    Latencies.percentile(legs.enrich(), p),
                    "ms"));
            m.add(Metric.of(
                    "e2e.index_leg_p" + p + "_ms",
                    "end to end, index leg: enriched record → searchable p" + p,
                    Latencies.percentile(legs.index(), p),
                    "ms"));
        }
        for (int p : new int[] {50, 99}) {
            m.add(Metric.of(
                    "e2e.commit_wait_p" + p + "_ms",
                    "end to end, of the index leg: enriched record → readable (enrich's transaction commits) p" + p,
                    Latencies.percentile(legs.commit(), p),
                    "ms"));
            m.add(Metric.of(
                    "e2e.after_commit_p" + p + "_ms",
                    "end to end, of the index leg: readable → searchable (index-service, refresh) p" + p,
                    Latencies.percentile(legs.afterCommit(), p),
                    "ms"));
        }
        if (steady != null) {
            for (int p : new int[] {50, 95, 99}) {
                m.add(Metric.of(
                        "e2e.p" + p + "_ms_steady",
                        "end to end: publish → searchable p" + p + ", after the first " + Math.round(warmUp * 100)
                                + " % of the notices (warm-up rule of the other stages; not judged)",
                        Latencies.percentile(steady.total(), p),
                        "ms"));
            }
        }
        m.add(Metric.of(
                "e2e.not_searchable",
                "end to end: not searchable 30 s after the last publish",
                held.inEnrich() + held.inIndex(),
                "notices"));
        m.add(Metric.of("e2e.held_in_enrich", "end to end: of those, not yet enriched", held.inEnrich(), "notices"));
        m.add(Metric.of(
                "e2e.held_in_index", "end to end: of those, enriched but not searchable", held.inIndex(), "notices"));
        for (Service s : List.of(Service.INGEST, Service.ENRICH, Service.INDEX)) {
            m.add(Metric.of(
                    "e2e." + s.module + "_cores",
                    "end to end: " + s.module + " CPU while publishing",
                    cores.getOrDefault(s, Double.NaN),
                    "cores"));
        }
        return m;
    }

    List<String> notes() {
        List<String> n = new ArrayList<>();
        int notSearchable = held.inEnrich() + held.inIndex();
        if (notSearchable > 0) {
            n.add("end to end: " + notSearchable + " of " + published + " notices were not searchable 30 s after the"
                    + " last publish (" + held.inEnrich() + " not yet enriched, " + held.inIndex() + " enriched but"
                    + " not searchable); they count with their wait so far, so the percentiles are lower bounds");
        }
        if (offered < OFFERED_SHORTFALL * asked) {
            n.add(String.format(
                    Locale.ROOT,
                    "end to end: the crawler offered %.0f of the %d notices/s asked for; while it published it used"
                            + " %.2f cores, enrich %.2f, index %.2f (load average %.1f): the offered rate is what the"
                            + " machine left the crawler",
                    offered,
                    asked,
                    cores.getOrDefault(Service.INGEST, Double.NaN),
                    cores.getOrDefault(Service.ENRICH, Double.NaN),
                    cores.getOrDefault(Service.INDEX, Double.NaN),
                    load));
        }
        n.add("end to end: " + published + " notices published by the crawler from " + sites + " sites, latency = a"
                + " search through the read alias finds it (asked after each refresh, the node's refresh count checked"
                + " every 100 ms; refresh_interval 1 s) minus the"
                + " record's timestamp in notices.raw; the enrich leg ends at the record's timestamp in"
                + " notices.enriched (its producer's send), the index leg is the rest; the index leg splits where a"
                + " read_committed consumer of the harness got the enriched record (enrich-service's transaction had"
                + " committed): before that the notice waits for enrich-service, after it for index-service and the"
                + " refresh");
        return n;
    }
}
