package org.gongkai.enrich.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line options {@link EvaluateOnRealNotices} and {@link InnerCrossValidation} share ({@code --corpus},
 * {@code --weights}, {@code --real-weight}, {@code --min-docs}, {@code --epochs}, {@code --matrix},
 * {@code --skip-other}, {@code --agencies}, {@code --max-chars}, {@code --bits}), plus the values of the options only one tool knows ({@link #own}).
 *
 * @param corpora     the {@code --corpus} files (JSONL), in order
 * @param weights     the block weights ({@code --weights T,A,X[,K[,R[,M[,S]]]]}: keyword {@code K}, addressee
 *                    {@code R} and mentioned-agency {@code M} 0, scope keyword value {@code S} 1 when left out)
 * @param realWeight  how many times a real training notice counts ({@code --real-weight})
 * @param minDocs     the minimum document count of a feature ({@code --min-docs})
 * @param epochs      training epochs ({@code --epochs})
 * @param matrix      print confusion matrices ({@code --matrix})
 * @param skipOther   do not train or calibrate on notices declared 其他 alone ({@code --skip-other})
 * @param agencyFiles extra agency tables ({@code --agencies}), in order
 * @param maxChars    body and attachment characters the text block reads ({@code --max-chars}; session 14)
 * @param bits        the feature space has {@code 2^bits} hashed buckets ({@code --bits}; session 14)
 * @param own         a tool's own options: each value given, in order (a flag's list holds one empty string per use)
 */
record RealNoticeOptions(
        List<Path> corpora,
        TextFeatures.Weights weights,
        int realWeight,
        int minDocs,
        int epochs,
        boolean matrix,
        boolean skipOther,
        List<Path> agencyFiles,
        int maxChars,
        int bits,
        Map<String, List<String>> own) {

    /**
     * Parses {@code args}; besides the shared options it accepts the tool's own {@code valued} options (followed by a
     * value) and {@code flags}. Any other option is an error: its message on stderr, exit status 2.
     */
    static RealNoticeOptions parse(String[] args, Set<String> valued, Set<String> flags) {
        SubjectTrainer.Options defaults = SubjectTrainer.Options.defaults("defaults");
        List<Path> corpora = new ArrayList<>();
        TextFeatures.Weights weights = defaults.weights();
        int realWeight = EvaluateOnRealNotices.DEFAULT_REAL_WEIGHT;
        int minDocs = defaults.minDocs();
        int epochs = defaults.epochs();
        boolean matrix = false;
        boolean skipOther = false;
        List<Path> agencyFiles = new ArrayList<>();
        int maxChars = defaults.maxChars();
        int bits = defaults.bits();
        Map<String, List<String>> own = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--corpus" -> corpora.add(Path.of(args[++i]));
                case "--weights" -> {
                    String[] w = args[++i].split(",");
                    weights = new TextFeatures.Weights(
                            Float.parseFloat(w[0]),
                            Float.parseFloat(w[1]),
                            Float.parseFloat(w[2]),
                            w.length > 3 ? Float.parseFloat(w[3]) : 0f,
                            w.length > 4 ? Float.parseFloat(w[4]) : 0f,
                            w.length > 5 ? Float.parseFloat(w[5]) : 0f,
                            w.length > 6 ? Float.parseFloat(w[6]) : 1f);
                }
                case "--real-weight" -> realWeight = Integer.parseInt(args[++i]);
                case "--min-docs" -> minDocs = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--matrix" -> matrix = true;
                case "--skip-other" -> skipOther = true;
                case "--agencies" -> agencyFiles.add(Path.of(args[++i]));
                case "--max-chars" -> maxChars = Integer.parseInt(args[++i]);
                case "--bits" -> bits = Integer.parseInt(args[++i]);
                default -> {
                    if (valued.contains(args[i])) {
                        own.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[++i]);
                    } else if (flags.contains(args[i])) {
                        own.computeIfAbsent(args[i], k -> new ArrayList<>()).add("");
                    } else {
                        System.err.println("unknown option " + args[i]);
                        System.exit(2);
                    }
                }
            }
        }
        return new RealNoticeOptions(
                corpora, weights, realWeight, minDocs, epochs, matrix, skipOther, agencyFiles, maxChars, bits, own);
    }

    /** The last value of the tool's own option {@code name}, or {@code otherwise} when it was not given. */
    String own(String name, String otherwise) {
        List<String> values = own.getOrDefault(name, List.of());
        return values.isEmpty() ? otherwise : values.get(values.size() - 1);
    }

    /** The last value of the tool's own option {@code name} as a path, or null when it was not given. */
    Path ownPath(String name) {
        String value = own(name, null);
        return value == null ? null : Path.of(value);
    }

    /** Every value of the tool's own option {@code name}, in order, as paths. */
    List<Path> ownPaths(String name) {
        return own.getOrDefault(name, List.of()).stream().map(Path::of).toList();
    }

    /** Whether the tool's own flag {@code name} was given. */
    boolean has(String name) {
        return own.containsKey(name);
    }

    /**
     * The trainer's options: the defaults with these epochs, weights, minimum document count, body characters read
     * and feature bits.
     */
    SubjectTrainer.Options trainerOptions(String version, long seed) {
        SubjectTrainer.Options defaults = SubjectTrainer.Options.defaults(version);
        return new SubjectTrainer.Options(
                version, seed, bits, maxChars, epochs, defaults.learningRate(), defaults.l2(), weights, minDocs);
    }

    /**
     * The thresholds evaluations use: the service's defaults, with the first-level threshold of {@code --threshold}
     * when given (the abstention trade-off, session 11).
     */
    SubjectClassifier.Settings evaluationSettings() {
        SubjectClassifier.Settings d = SubjectClassifier.Settings.DEFAULTS;
        String first = own("--threshold", null);
        return first == null
                ? d
                : new SubjectClassifier.Settings(Double.parseDouble(first), d.secondThreshold(), d.topTerms());
    }

    /** The line both tools print first: the trainer's options and these. */
    String describe(SubjectTrainer.Options options) {
        return "options: " + options + ", real weight " + realWeight + ", skip declared 其他 " + skipOther
                + ", extra agency tables " + agencyFiles + ", evaluated at " + evaluationSettings();
    }
}
