package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Operator's command over the model registry: list versions, history and hold; roll back to the previous kept
 * version, to a named one or to the shipped model ({@code --shipped}: the way back from the first promotion); release
 * the hold ({@code --resume}); promote a model trained elsewhere ({@code --promote FILE}, e.g. by {@code
 * TrainSubjectModel} or {@code TrainFromCrawl}: stored under its version, made current, no hold). Every rollback holds
 * promotions ({@link ModelRegistry#hold()}): the continuous trainer keeps training and logging candidates but promotes
 * none until {@code --resume}. enrich-service follows the registry's current version within {@code
 * gongkai.enrich.classify.model-refresh}. A directory that does not exist is
 * refused (exit status 2: a mistyped path is not an empty registry); a refused rollback prints why (exit status 1).
 * Usage: {@link #USAGE}.
 */
public final class RollbackSubjectModel {

    static final String USAGE = """
            RollbackSubjectModel --registry DIR [--list | --to VERSION | --shipped | --resume | --promote FILE] [--keep 5]
              (no action)   make the kept version before the current one current, and hold promotions
              --list        current version, kept versions, hold, history
              --to VERSION  make a kept version current, and hold promotions
              --shipped     make the shipped model current (the registry keeps its versions), and hold promotions
              --resume      release the hold: the continuous trainer may promote a better candidate again
              --promote FILE  store a model artefact (TrainSubjectModel's or TrainFromCrawl's --out) under its
                            version and make it current (no hold: the trainer's next candidate is compared with it)""";

    private RollbackSubjectModel() {}

    public static void main(String[] args) throws IOException {
        Path dir = null;
        String to = null;
        boolean list = false;
        boolean shipped = false;
        boolean resume = false;
        Path promote = null;
        int keep = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--registry" -> dir = Path.of(args[++i]);
                case "--to" -> to = args[++i];
                case "--list" -> list = true;
                case "--shipped" -> shipped = true;
                case "--resume" -> resume = true;
                case "--promote" -> promote = Path.of(args[++i]);
                case "--keep" -> keep = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                    return;
                }
            }
        }
        if (dir == null) {
            System.err.println("--registry is required\n" + USAGE);
            System.exit(2);
            return;
        }
        if (!Files.isDirectory(dir)) {
            System.err.println("no model registry at " + dir + " (the directory does not exist)");
            System.exit(2);
            return;
        }
        ModelRegistry registry = new ModelRegistry(dir, keep, Clock.systemUTC());
        if (list) {
            System.out.println("current: " + registry.current().orElse("(shipped model)"));
            System.out.println("kept: " + registry.versions());
            System.out.println(
                    "promotions: " + registry.hold().map(Object::toString).orElse("free"));
            registry.history().forEach(System.out::println);
            return;
        }
        if (promote != null) {
            try {
                registry.promote(Files.readAllBytes(promote), "operator: " + promote.getFileName());
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("promotion refused: " + promote + ": " + e.getMessage());
                System.exit(1);
                return;
            }
            System.out.println("current: " + registry.current().orElseThrow());
            registry.hold()
                    .ifPresent(h -> System.out.println(
                            "promotions still " + h + ": the trainer promotes nothing until --resume"));
            return;
        }
        if (resume) {
            boolean held = registry.release("operator");
            System.out.println(held ? "promotions released" : "promotions were not held");
            return;
        }
        if (shipped) {
            registry.rollbackToShipped("operator");
            System.out.println("current: (shipped model)");
            printHeld();
            return;
        }
        try {
            String now = to == null ? registry.rollback("operator") : registry.rollbackTo(to, "operator");
            System.out.println("current: " + now);
            printHeld();
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("rollback refused: " + e.getMessage()
                    + (to == null ? "; --shipped makes the shipped model current, --to VERSION a kept version" : ""));
            System.exit(1);
        }
    }

    private static void printHeld() {
        System.out.println("promotions held: the continuous trainer promotes nothing until --resume");
    }
}
