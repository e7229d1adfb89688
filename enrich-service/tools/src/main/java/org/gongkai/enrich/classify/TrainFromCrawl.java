package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.events.Topics;

/**
 * Training from the crawl in one go: exports notices with a mappable declared category from the
 * {@code notices.enriched} topic and/or the {@code notices} index to a JSONL corpus, then runs
 * {@link TrainSubjectModel} on it (plus any further {@code --corpus}), which prints the evaluation and writes the
 * artefact.
 *
 * <pre>
 * TrainFromCrawl [--from-topic BOOTSTRAP [--topic T]] [--from-index URL [--index I] [--es-user U]]
 *                --export FILE [--export-only] [--synonyms FILE ...]
 *                [TrainSubjectModel options: --out FILE --version V [--corpus FILE ...] [--check FILE ...] ...]
 * </pre>
 *
 * The Elasticsearch password is read from the environment variable {@code GONGKAI_ES_PASSWORD} (not from the
 * command line). {@code --synonyms} files are used for the export's mapping and passed on to the trainer. Exit
 * status 2 on bad arguments. With both sources, a notice found in both is written once (the topic's version).
 */
public final class TrainFromCrawl {

    private TrainFromCrawl() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String bootstrap = null;
        String topic = Topics.ENRICHED;
        String elasticsearch = null;
        String index = "notices";
        String user = null;
        Path export = null;
        boolean exportOnly = false;
        List<Path> synonyms = new ArrayList<>();
        List<String> trainerArgs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--from-topic" -> bootstrap = args[++i];
                    case "--topic" -> topic = args[++i];
                    case "--from-index" -> elasticsearch = args[++i];
                    case "--index" -> index = args[++i];
                    case "--es-user" -> user = args[++i];
                    case "--export" -> export = Path.of(args[++i]);
                    case "--export-only" -> exportOnly = true;
                    case "--synonyms" -> {
                        synonyms.add(Path.of(args[++i]));
                        trainerArgs.add("--synonyms");
                        trainerArgs.add(args[i]);
                    }
                    default -> {
                        trainerArgs.add(args[i]);
                        trainerArgs.add(args[++i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            usage("missing value after " + args[args.length - 1]);
            return;
        }
        if (export == null || (bootstrap == null && elasticsearch == null)) {
            usage("--export and at least one of --from-topic, --from-index are required");
            return;
        }
        CrawlCorpus corpus = new CrawlCorpus(DeclaredCategoryMapper.create(Taxonomy.national(), synonyms));
        if (export.getParent() != null) {
            Files.createDirectories(export.getParent());
        }
        // Topic first: with both sources, a notice's topic version (read_committed, latest) is kept.
        try (UniqueNoticeWriter out = new UniqueNoticeWriter(Files.newBufferedWriter(export, StandardCharsets.UTF_8))) {
            if (bootstrap != null) {
                EnrichedTopicExport.Result result =
                        new EnrichedTopicExport(bootstrap, topic, Duration.ofMinutes(10)).export(corpus, out);
                System.out.printf(
                        "topic %s: %d records (%d tombstones, %d malformed); %s%n",
                        topic, result.records(), result.tombstones(), result.malformed(), result.stats());
            }
            if (elasticsearch != null) {
                CrawlCorpus.Stats stats = new NoticesIndexExport(
                                elasticsearch, index, user, System.getenv("GONGKAI_ES_PASSWORD"), 500)
                        .export(corpus, out);
                System.out.printf("index %s: %s%n", index, stats);
            }
            if (out.dropped() > 0) {
                System.out.printf("%d notices found in both sources, kept once%n", out.dropped());
            }
        }
        System.out.println("exported " + export);
        if (exportOnly) {
            return;
        }
        trainerArgs.add("--corpus");
        trainerArgs.add(export.toString());
        TrainSubjectModel.main(trainerArgs.toArray(String[]::new));
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: TrainFromCrawl [--from-topic BOOTSTRAP [--topic T]] [--from-index URL [--index I]"
                + " [--es-user U]] --export FILE [--export-only] [--synonyms FILE ...] [TrainSubjectModel options]");
        System.exit(2);
    }
}
