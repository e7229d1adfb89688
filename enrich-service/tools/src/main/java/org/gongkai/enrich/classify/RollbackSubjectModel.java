package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Operator's command over the model registry: list versions and history, roll back to the previous kept version, to a
 * named one or to the shipped model ({@code --shipped}: the way back from the first promotion). enrich-service follows
 * the registry's current version within {@code gongkai.enrich.classify.model-refresh}. A directory that does not exist
 * is refused (exit status 2: a mistyped path is not an empty registry); a refused rollback prints why (exit status 1).
 *
 * <pre>
 * RollbackSubjectModel --registry DIR [--list | --to VERSION | --shipped] [--keep 5]
 * </pre>
 */
public final class RollbackSubjectModel {

    private RollbackSubjectModel() {}

    public static void main(String[] args) throws IOException {
        Path dir = null;
        String to = null;
        boolean list = false;
        boolean shipped = false;
        int keep = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--registry" -> dir = Path.of(args[++i]);
                case "--to" -> to = args[++i];
                case "--list" -> list = true;
                case "--shipped" -> shipped = true;
                case "--keep" -> keep = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                    return;
                }
            }
        }
        if (dir == null) {
            System.err.println("--registry is required");
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
            registry.history().forEach(System.out::println);
            return;
        }
        if (shipped) {
            registry.rollbackToShipped("operator");
            System.out.println("current: (shipped model)");
            return;
        }
        try {
            String now = to == null ? registry.rollback("operator") : registry.rollbackTo(to, "operator");
            System.out.println("current: " + now);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("rollback refused: " + e.getMessage()
                    + (to == null ? "; --shipped makes the shipped model current, --to VERSION a kept version" : ""));
            System.exit(1);
        }
    }
}
