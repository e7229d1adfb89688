package org.gongkai.enrich.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gongkai.enrich.extract.ContentExtractor;
import org.gongkai.enrich.extract.ExtractedPage;
import org.gongkai.enrich.normalise.MetadataNormaliser;
import org.gongkai.enrich.pipeline.NoticeEnricher;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;

/**
 * CPU per page, on one thread, of the steps of enrich-service around the classifier, over {@link EnrichOutputCheck}'s
 * pages (each real notice in several shapes): reading the raw event, extraction, extraction plus normalisation, the
 * whole enrichment (classification included) and writing the enriched event. Each step runs over all pages
 * {@code gongkai.bench.rounds} times (default 12) after as many warm-up rounds; the median round is printed. A harness
 * for A/B comparisons of one build against another under the same load, not a test; the pipeline's own figures are
 * {@link EnrichPipelineBenchmark}'s and docs/benchmarks.md's.
 */
public final class ExtractionBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ExtractionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("gongkai.bench.rounds", 12);
        List<RawNotice> pages = EnrichOutputCheck.pages(
                BenchPages.readReal(BenchPages.realNotices(System.getProperty("gongkai.bench.real-notices"))));
        ContentExtractor extractor = new ContentExtractor();
        MetadataNormaliser normaliser = new MetadataNormaliser();
        NoticeEnricher enricher = new NoticeEnricher("bench", Clock.systemUTC(), new SimpleMeterRegistry());
        List<byte[]> rawJson = pages.stream().map(EventCodec.instance()::write).toList();
        List<EnrichedNotice> enriched = pages.stream().map(enricher::enrich).toList();

        long sink = 0;
        sink += step(
                "read raw event",
                rounds,
                pages.size(),
                i -> EventCodec.instance().readRaw(rawJson.get(i)));
        sink += step(
                "extract",
                rounds,
                pages.size(),
                i -> extractor.extract(pages.get(i).contentType(), pages.get(i).body()));
        sink += step("extract + normalise", rounds, pages.size(), i -> {
            ExtractedPage page =
                    extractor.extract(pages.get(i).contentType(), pages.get(i).body());
            normaliser.normalise(page.fields(), page.titleCandidates());
        });
        sink += step("enrich (with classification)", rounds, pages.size(), i -> enricher.enrich(pages.get(i)));
        sink += step(
                "write enriched event",
                rounds,
                pages.size(),
                i -> EventCodec.instance().write(enriched.get(i)));
        System.out.println(sink == 42 ? "" : "done");
    }

    private static long step(String name, int rounds, int pages, Consumer<Integer> work) {
        List<Double> perPage = new ArrayList<>();
        for (int round = -rounds; round < rounds; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < pages; i++) {
                work.accept(i);
            }
            if (round >= 0) {
                perPage.add((THREADS.getCurrentThreadCpuTime() - start) / 1e3 / pages);
            }
        }
        List<Double> sorted = perPage.stream().sorted().toList();
        System.out.printf(
                "%-30s median %7.1f µs a page (min %.1f, max %.1f) over %d rounds of %d pages; load %.2f%n",
                name,
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                rounds,
                pages,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return sorted.size();
    }
}
