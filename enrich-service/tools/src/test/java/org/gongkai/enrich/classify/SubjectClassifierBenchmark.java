package org.gongkai.enrich.classify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark harness (a main class, not a test): load time of the shipped model, its memory, and single-thread
 * classification throughput for 2,000-character notices built from the real notices shipped in enrich-tools.
 *
 * <pre>java -cp … org.gongkai.enrich.classify.SubjectClassifierBenchmark [seconds [model artefact]]</pre>
 *
 * The model is the shipped one unless an artefact file is given (a candidate, e.g. with the addressee block).
 *
 * It warms up for at least 2 s of its thread's CPU time, then measures for {@code seconds} (default 5) of it.
 */
public final class SubjectClassifierBenchmark {

    private SubjectClassifierBenchmark() {}

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long start = System.nanoTime();
        java.nio.file.Path artefact = args.length > 1 ? java.nio.file.Path.of(args[1]) : null;
        SubjectModel model = artefact == null ? SubjectModel.loadDefault() : SubjectModel.load(artefact);
        long modelLoad = System.nanoTime() - start;
        DeclaredCategoryMapper mapper = DeclaredCategoryMapper.standard();
        SubjectClassifier classifier = new SubjectClassifier(model, mapper, SubjectClassifier.Settings.DEFAULTS);
        long firstLoad = System.nanoTime() - start;
        System.gc();
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();
        long reload = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            if (artefact == null) {
                SubjectModel.loadDefault();
            } else {
                SubjectModel.load(artefact);
            }
            reload = Math.min(reload, System.nanoTime() - t);
        }
        System.out.printf(
                Locale.ROOT,
                "model %s: cold JVM: model %.0f ms, with taxonomy (JSON) and synonyms %.0f ms; warm reload %.0f ms%n",
                classifier.model().version(),
                modelLoad / 1e6,
                firstLoad / 1e6,
                reload / 1e6);
        System.out.printf(
                Locale.ROOT,
                "memory: weights and indexes %.1f MB (computed); heap growth on load %.1f MB (measured)%n",
                classifier.model().weightBytes() / 1e6,
                (heapAfter - heapBefore) / 1e6);

        // real notices (the shipped set), bodies cut or joined to 2,000 characters, with their publisher
        List<LabelledNotice> corpus = RealNotices.notices(RealNotices.shipped(mapper, new int[1]));
        List<String[]> notices = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; notices.size() < 2_000; i++) {
            LabelledNotice n = corpus.get(i * 7 % corpus.size());
            text.append(n.body()).append(n.attachments());
            if (text.length() >= 2_000) {
                notices.add(new String[] {n.title(), text.substring(0, 2_000), n.publisher()});
                text.setLength(0);
            }
        }
        long sink = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        // warm up for 2 s of this thread's CPU (not wall clock: on a loaded machine 2 s of wall clock can be a
        // tenth of that in CPU, and the JIT would not be done)
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        long warmCpuUntil = threads.getCurrentThreadCpuTime() + 2_000_000_000L;
        while (System.nanoTime() < warmUntil || threads.getCurrentThreadCpuTime() < warmCpuUntil) {
            for (String[] n : notices) {
                sink += classifier
                        .classify(n[0], n[1], null, n[2], "综合政务")
                        .topTerms()
                        .size();
            }
        }
        long count = 0;
        long cpuBegin = threads.getCurrentThreadCpuTime();
        long begin = System.nanoTime();
        // measured for [seconds] of this thread's CPU time, so a loaded machine does not shorten the sample
        long cpuEnd = cpuBegin + (long) (seconds * 1e9);
        while (threads.getCurrentThreadCpuTime() < cpuEnd) {
            for (String[] n : notices) {
                sink += classifier
                        .classify(n[0], n[1], null, n[2], "综合政务")
                        .topTerms()
                        .size();
            }
            count += notices.size();
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuBegin) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "throughput, one thread (real notices: 2,000-character bodies + title + publisher, declared category"
                        + " mapped, 5 top terms): "
                        + "%.0f notices per CPU-second of the thread, %.0f notices/s wall clock; %d notices in %.1f s"
                        + " wall, %.1f s CPU (sink %d)%n",
                count / cpu,
                count / elapsed,
                count,
                elapsed,
                cpu,
                sink);
    }
}
