package org.gongkai.local.faultrun;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gongkai.events.EventHeaders;
import org.gongkai.local.Services.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault-injection run of issue 14: the pipeline on real processes crawls a {@link FaultPortal} whose notices
 * change and disappear while the services are killed with SIGKILL and restarted, Elasticsearch is stopped, the
 * broker restarted and the portal answers 500 and 429; poison goes straight to both topics. Faults come one after
 * the other in a seeded random order with seeded random gaps; after each, a new notice is published on the portal
 * and the time until it is searchable is that fault's recovery time. Then the run waits for the pipeline to settle
 * and takes the final {@link Observation}.
 *
 * <p>Not thread-safe; one run at a time per directory.
 */
final class FaultRun {

    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);

    /**
     * The size of a run.
     *
     * @param form            name in the report
     * @param notices         notices on the portal before the faults begin
     * @param killsPerService SIGKILLs of each of the three services
     * @param esOutage        how long Elasticsearch stays stopped
     * @param portalFault     how long the portal answers 500, and then (another fault) 429
     * @param maxGap          longest random pause before a fault (at least a tenth of it)
     * @param mutateEvery     the portal changes one notice this often (update, removal or a new notice)
     * @param recoverWithin   longest wait for a fault's canary notice
     * @param settleWithin    longest wait for the final state to be clean
     */
    record Settings(
            String form,
            long seed,
            int notices,
            int killsPerService,
            Duration esOutage,
            Duration portalFault,
            Duration maxGap,
            Duration mutateEvery,
            Duration recoverWithin,
            Duration settleWithin) {

        static Settings shortForm(long seed) {
            return new Settings(
                    "short",
                    seed,
                    40,
                    1,
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(6),
                    Duration.ofSeconds(6),
                    Duration.ofMillis(1500),
                    Duration.ofMinutes(4),
                    Duration.ofMinutes(4));
        }

        static Settings longForm(long seed) {
            return new Settings(
                    "long",
                    seed,
                    300,
                    3,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(6),
                    Duration.ofMinutes(10));
        }
    }

    private final Settings settings;
    private final Path repo;
    private final Path dir;

    FaultRun(Settings settings, Path repo, Path dir) {
        this.settings = settings;
        this.repo = repo;
        this.dir = dir;
    }

    FaultReport run() throws Exception {
        long start = System.nanoTime();
        Random random = new Random(settings.seed());
        String runId = Long.toString(settings.seed(), 36) + "-" + Long.toString(System.currentTimeMillis(), 36);
        try (FaultPortal portal = new FaultPortal(
                FaultPortal.realTexts(repo.resolve("../shared/data/real-notices/notices.jsonl"), 337))) {
            AtomicInteger nextSeq = new AtomicInteger(1);
            for (int i = 0; i < settings.notices(); i++) {
                portal.publish(nextSeq.getAndIncrement());
            }
            try (Pipeline pipeline = Pipeline.start(repo, dir, portal, Duration.ofSeconds(3))) {
                List<Poison> poison = Poison.all(runId, new Random(settings.seed()));
                produce(pipeline.kafkaBootstrap(), poison);
                AtomicInteger updates = new AtomicInteger();
                AtomicInteger removals = new AtomicInteger();
                ScheduledExecutorService mutator = Executors.newSingleThreadScheduledExecutor();
                Random changes = new Random(settings.seed() * 31 + 7);
                mutator.scheduleWithFixedDelay(
                        () -> mutate(portal, changes, nextSeq, updates, removals),
                        settings.mutateEvery().toMillis(),
                        settings.mutateEvery().toMillis(),
                        TimeUnit.MILLISECONDS);

                List<FaultReport.Fault> faults = new ArrayList<>();
                long faultsStart = System.nanoTime();
                try {
                    for (String fault : schedule(random)) {
                        pause(Duration.ofMillis(
                                (long) (settings.maxGap().toMillis() * (0.1 + 0.9 * random.nextDouble()))));
                        faults.add(inject(fault, pipeline, portal, nextSeq, faultsStart));
                        log.info("fault {}", faults.get(faults.size() - 1));
                    }
                } finally {
                    mutator.shutdownNow();
                    mutator.awaitTermination(10, TimeUnit.SECONDS);
                }
                long settleStart = System.nanoTime();
                Observation last = settle(pipeline, portal, poison);
                return new FaultReport(
                        settings.form(),
                        settings.seed(),
                        faults,
                        nextSeq.get() - 1,
                        updates.get(),
                        removals.get(),
                        portal.live().size(),
                        poison.size(),
                        last,
                        seconds(settleStart),
                        seconds(start));
            }
        }
    }

    /** Fault names in a seeded random order: each service killed {@code killsPerService} times, and the rest once. */
    private List<String> schedule(Random random) {
        List<String> faults = new ArrayList<>();
        for (int i = 0; i < settings.killsPerService(); i++) {
            Pipeline.SERVICES.forEach(s -> faults.add("kill:" + s.name()));
        }
        faults.addAll(List.of("elasticsearch", "broker", "portal-500", "portal-429"));
        Collections.shuffle(faults, random);
        return faults;
    }

    private FaultReport.Fault inject(
            String fault, Pipeline pipeline, FaultPortal portal, AtomicInteger nextSeq, long faultsStart)
            throws Exception {
        double at = seconds(faultsStart);
        long injected = System.nanoTime();
        String kind;
        String target;
        if (fault.startsWith("kill:")) {
            Service service = Service.valueOf(fault.substring(5));
            kind = "kill -9";
            target = service.module;
            pipeline.kill(service);
            pipeline.restart(service); // the restart policy: at once
        } else if (fault.equals("elasticsearch")) {
            kind = "stopped";
            target = "elasticsearch";
            pipeline.stopElasticsearch();
            pause(settings.esOutage());
            pipeline.startElasticsearch();
        } else if (fault.equals("broker")) {
            kind = "restarted";
            target = "kafka";
            pipeline.restartKafka();
        } else {
            kind = fault.endsWith("500") ? "HTTP 500" : "HTTP 429";
            target = "portal";
            portal.fault(fault.endsWith("500") ? FaultPortal.Fault.ERROR_500 : FaultPortal.Fault.TOO_MANY_429);
            pause(settings.portalFault());
            portal.fault(FaultPortal.Fault.NONE);
        }
        double held = seconds(injected);
        int canary = nextSeq.getAndIncrement();
        portal.publish(canary);
        double recovered = -1;
        long deadline = System.nanoTime() + settings.recoverWithin().toNanos();
        while (System.nanoTime() < deadline) {
            if (Observation.indexed(pipeline.elasticsearchUrl(), portal.url(canary))) {
                recovered = seconds(injected);
                break;
            }
            pause(Duration.ofMillis(500)); // an external effect with a deadline, not a test assertion
        }
        if (recovered < 0) {
            log.warn(
                    "canary {} not searchable {} after {} {}\n{}",
                    canary,
                    settings.recoverWithin(),
                    kind,
                    target,
                    pipeline.logTails());
        }
        return new FaultReport.Fault(
                kind, target, FaultReport.round(at), FaultReport.round(held), FaultReport.round(recovered));
    }

    /** One change of the portal: an update (60 %), a removal (20 %) or a new notice (20 %). */
    private static void mutate(
            FaultPortal portal, Random random, AtomicInteger nextSeq, AtomicInteger updates, AtomicInteger removals) {
        List<Integer> live = new ArrayList<>(portal.live().keySet());
        Collections.sort(live);
        if (live.isEmpty()) {
            return;
        }
        int dice = random.nextInt(10);
        int seq = live.get(random.nextInt(live.size()));
        if (dice < 6) {
            portal.update(seq);
            updates.incrementAndGet();
        } else if (dice < 8) {
            portal.remove(seq);
            removals.incrementAndGet();
        } else {
            portal.publish(nextSeq.getAndIncrement());
        }
    }

    private Observation settle(Pipeline pipeline, FaultPortal portal, List<Poison> poison) throws Exception {
        long deadline = System.nanoTime() + settings.settleWithin().toNanos();
        Observation last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = Observation.take(pipeline.kafkaBootstrap(), pipeline.elasticsearchUrl(), portal, poison);
                if (last.clean()) {
                    return last;
                }
            } catch (Exception e) {
                log.info("not settled yet: {}", e.toString());
            }
            pause(Duration.ofSeconds(3));
        }
        if (last == null) {
            last = Observation.take(pipeline.kafkaBootstrap(), pipeline.elasticsearchUrl(), portal, poison);
        }
        log.warn("not settled within {}:\n{}", settings.settleWithin(), pipeline.logTails());
        return last;
    }

    private static void produce(String kafka, List<Poison> poison) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        Poison.MAX_RECORD_BYTES,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        64L * 1024 * 1024),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (Poison p : poison) {
                var record = new ProducerRecord<>(p.topic(), p.key(), p.value());
                EventHeaders.stamp(record.headers(), null, "fault-run", 1);
                producer.send(record).get();
            }
        }
    }

    /** Holds a fault or waits between faults: the run's schedule, not a poll for a condition. */
    private static void pause(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
