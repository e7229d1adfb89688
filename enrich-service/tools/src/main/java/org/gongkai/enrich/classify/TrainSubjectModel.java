package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training command: reads one or more labelled JSONL corpora, trains and calibrates a subject model, prints the
 * held-out evaluation (model and keyword baseline) and writes the versioned artefact. Each {@code --check} corpus
 * is never trained on: model and baseline are evaluated on all of it, too.
 *
 * <pre>
 * TrainSubjectModel --corpus FILE [--corpus FILE ...] --out FILE [--version V] [--seed N] [--bits B] [--epochs E]
 *                   [--synonyms FILE ...] [--check FILE ...]
 * </pre>
 *
 * See CLASSIFICATION.md for the command that rebuilds the shipped model. Exit status 2 on bad arguments.
 */
public final class TrainSubjectModel {

    private TrainSubjectModel() {}

    public static void main(String[] args) throws IOException {
        List<Path> corpora = new ArrayList<>();
        List<Path> synonyms = new ArrayList<>();
        List<Path> checks = new ArrayList<>();
        Path out = null;
        String version = null;
        SubjectTrainer.Options defaults = SubjectTrainer.Options.defaults("unset");
        long seed = defaults.seed();
        int bits = defaults.bits();
        int epochs = defaults.epochs();
        try {
            for (int i = 0; i < args.length; i++) {
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--corpus" -> corpora.add(Path.of(value));
                    case "--synonyms" -> synonyms.add(Path.of(value));
                    case "--check" -> checks.add(Path.of(value));
                    case "--out" -> out = Path.of(value);
                    case "--version" -> version = value;
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--bits" -> bits = Integer.parseInt(value);
                    case "--epochs" -> epochs = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
        } catch (RuntimeException e) {
            usage(e.getMessage());
            return;
        }
        if (corpora.isEmpty() || out == null || version == null) {
            usage("--corpus, --out and --version are required");
            return;
        }
        Taxonomy taxonomy = Taxonomy.national();
        DeclaredCategoryMapper mapper = DeclaredCategoryMapper.create(taxonomy, synonyms);
        List<LabelledNotice> corpus = new ArrayList<>();
        int[] skipped = new int[1];
        for (Path path : corpora) {
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                corpus.addAll(LabelledNotice.readJsonl(reader, mapper, skipped));
            }
        }
        System.out.printf(
                "corpus: %d labelled notices, %d skipped (label not in the taxonomy)%n", corpus.size(), skipped[0]);
        long start = System.nanoTime();
        SubjectTrainer.Options options = new SubjectTrainer.Options(
                version, seed, bits, defaults.maxChars(), epochs, defaults.learningRate(), defaults.l2());
        SubjectTrainer trainer = new SubjectTrainer(taxonomy, KeywordBaseline.standard(taxonomy));
        SubjectTrainer.Result result = trainer.train(corpus, options);
        System.out.printf("options: %s; trained in %.1f s%n", options, (System.nanoTime() - start) / 1e9);
        System.out.print(result.report());
        for (Path path : checks) {
            List<LabelledNotice> set;
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                set = LabelledNotice.readJsonl(reader, mapper, new int[1]);
            }
            SubjectTrainer.Result check = trainer.check(result, set);
            System.out.print(check.model1().format("model on " + path.getFileName() + " (never trained on)", false));
            System.out.print(check.baseline().format("keyword baseline on " + path.getFileName(), false));
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, result.artefact());
        System.out.println("wrote " + out);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: TrainSubjectModel --corpus FILE [--corpus FILE ...] --out FILE --version V"
                + " [--seed N] [--bits B] [--epochs E] [--synonyms FILE ...] [--check FILE ...]");
        System.exit(2);
    }
}
