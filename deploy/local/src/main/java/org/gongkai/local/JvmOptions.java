package org.gongkai.local;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gongkai.local.Services.Service;

/**
 * The one place that says how each service's JVM runs: its options and its environment. The local run
 * ({@link Services#start}), the pipeline benchmark ({@code deploy/bench}) and Docker Compose
 * ({@code deploy/docker-compose.yml}: {@code JAVA_TOOL_OPTIONS} and {@code MALLOC_ARENA_MAX} of each service, which
 * {@code JvmOptionsTest} checks against this class) all use these. Measured and explained in
 * {@code docs/benchmarks.md} ("JVM options of the services"); the target is a resident size of at most 400 MB per
 * service at steady state without losing throughput per core.
 *
 * <ul>
 *   <li>A fixed heap, {@code -Xms} = {@code -Xmx}, not a share of the machine or the container: the JVM's default
 *       initial heap is 1/64 of the memory it sees (the whole 256 MB on a 24 GB host, 12 MB in a 768 MB container),
 *       so the same options behaved differently in the local run and in Compose. The size is what the service needs
 *       for its largest items: ingest-service 200 MB with an 80 MB young generation (a 10 MiB page decoded and
 *       serialised; attachments are parsed in child JVMs with heaps of their own, {@code parse-mode: process}, and
 *       the crawl state is off the heap, in RocksDB: its old generation holds ~35 MB after a full collection; 192 MB
 *       was tried in session 7, see the mmap threshold below; 256 MB until session 9 and 240 MB until session 10:
 *       the benchmark's long-running instance filled its 160 MB old generation within the end-to-end stage and
 *       reached 404–407 MB; metaspace ~66 MB, code ~30 MB, thread stacks and compiler arenas beside the heap),
 *       enrich-service 160 MB (the classifier's
 *       ~7 MB since its packed layout, polled batches and their output), index-service 160 MB (three consumers'
 *       polls of ~210 notices from fetches of 1 MiB a partition; 176 MB until session 11, when polls of up to 500
 *       kept ~100-120 MB live under a backlog), search-service 192 MB. With the serial collector
 *       the whole heap becomes resident (the young generation is cycled through, the old one filled up to each full
 *       collection), so {@code -Xmx} counts in full against the 400 MB.
 *   <li>The serial collector: no concurrent GC threads, no G1 remembered sets (native memory proportional to the
 *       heap); on heaps this small its pauses are short, and it is what the JVM picks by itself in a container with
 *       less than 2 GB.
 *   <li>Metaspace and code cache bounded ({@code MaxMetaspaceSize} 160 MB, the services use 60–75 MB;
 *       {@code ReservedCodeCacheSize} 64 MB, they use 20–30 MB with both compilers), so neither grows unbounded.
 *   <li>Both compilers: {@code -XX:TieredStopAtLevel=1} (C1 only) saves start-up CPU and some code cache but about
 *       halved enrichment's throughput per core at steady state, so it is not used.
 *   <li>{@code -Djdk.nio.maxCachedBufferSize=262144}: the JDK caches a direct buffer per thread as large as the
 *       largest socket read it served (Kafka fetches of megabytes: ~19 MB in enrich and index); larger reads get a
 *       temporary buffer instead.
 *   <li>{@code MALLOC_ARENA_MAX=2}: glibc otherwise gives each thread that allocates natively (Kafka's compression,
 *       RocksDB, Tika, the JIT) an arena of its own, up to 8 per core, each holding freed memory.
 *   <li>Not {@code MALLOC_MMAP_THRESHOLD_} (tried in session 7): a fixed mmap threshold returns large native blocks
 *       (socket buffers, compression contexts) at once, which trimmed index-service's RSS peaks, but every such
 *       allocation then maps and faults in fresh pages. With it (and ingest-service's heap at 192 MB) the quiet
 *       benchmark's crawl cost 46 % more CPU per page (loaded runs: about +20 % from the threshold, +15 % from the
 *       heap), index-service 13 % more per document.
 *   <li>{@code -XX:TrimNativeHeapInterval=5000}: every 5 s the JVM hands the native heap's free memory back to the
 *       system ({@code malloc_trim}); without it the C2 compiler's arenas (tens of MB at the peak of a large
 *       compilation, freed afterwards) stay resident: 44 MB of enrich-service's RSS after a run (every second was
 *       tried in session 7: no lower peaks in the benchmark, so it stays at 5 s). A product flag since JDK 17.0.11 (experimental in 17.0.9 and 17.0.10, which refuse it without
 *       {@code -XX:+UnlockExperimentalVMOptions}); the images' {@code eclipse-temurin:17-jre} is newer.
 *   <li>{@code -XX:+ExitOnOutOfMemoryError}: a service out of memory exits and is restarted (Compose's restart
 *       policy, the local run's supervisor) instead of running on half-broken.
 *   <li>Thread stacks stay at the default: they are committed only as deep as used, so {@code -Xss} hardly changes
 *       the resident size, and a smaller one risks stack overflows in recursive regular expressions.
 * </ul>
 */
public final class JvmOptions {

    /** The environment variables every service JVM is started with. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private static final List<String> COMMON = List.of(
            "-XX:MaxMetaspaceSize=160m",
            "-XX:ReservedCodeCacheSize=64m",
            "-XX:+UseSerialGC",
            "-Djdk.nio.maxCachedBufferSize=262144",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:TrimNativeHeapInterval=5000");

    /**
     * ingest-service's own, after its heap (session 10): the young generation fixed at the 80 MB it had as a third of
     * 240 MB, so that cutting the heap to 200 MB shrinks only the old one (160 → 120 MB, ~3 × the ~40 MB it keeps
     * live) and young collections come as often as before; and the metaspace size that first triggers a full
     * collection at 80 MB instead of ~21 MB (the service loads ~66 MB of class metadata: three full collections at
     * start-up, for nothing).
     */
    private static final List<String> INGEST_OWN = List.of("-Xmn80m", "-XX:MetaspaceSize=80m");

    /**
     * enrich-service's own (session 10): C2 calls a callee already compiled to more than 1,000 bytes of machine code
     * instead of inlining it again (default 2,500). Its per-notice drivers (label normalisation with the JDK's NFKC,
     * the classifier's features, page-furniture removal) were inlined into caller after caller: in three loaded A/B
     * pairs of {@code EnrichPipelineBenchmark} the compiler threads' CPU fell 29–34 % and the whole process's 14–16 %
     * a notice, the listener threads' not higher; warm (48,000 notices) the same within ±5 % (docs/benchmarks.md,
     * "Enrich, session 10"). Not measured on the other services, so not theirs.
     */
    private static final List<String> ENRICH_OWN = List.of("-XX:InlineSmallCode=1000");

    /**
     * index-service's own (session 11): the metaspace size that first triggers a full collection at 80 MB instead of
     * ~21 MB, as ingest-service's (it loads ~67 MB of class metadata: three full collections at start-up, for
     * nothing).
     */
    private static final List<String> INDEX_OWN = List.of("-XX:MetaspaceSize=80m");

    private JvmOptions() {}

    /** The JVM options of a service, in the order they are passed (before {@code -jar}). */
    public static List<String> of(Service service) {
        String heap = switch (service) {
            case INGEST -> "200m";
            case ENRICH -> "160m";
            case INDEX -> "160m";
            case SEARCH -> "192m";
        };
        List<String> own = switch (service) {
            case INGEST -> INGEST_OWN;
            case ENRICH -> ENRICH_OWN;
            case INDEX -> INDEX_OWN;
            case SEARCH -> List.of();
        };
        return Stream.of(Stream.of("-Xms" + heap, "-Xmx" + heap), own.stream(), COMMON.stream())
                .flatMap(s -> s)
                .toList();
    }

    /** The options as one {@code JAVA_TOOL_OPTIONS} value (Docker Compose's form). */
    public static String toolOptions(Service service) {
        return String.join(" ", of(service));
    }
}
