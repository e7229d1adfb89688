package org.gongkai.enrich.classify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Operator's command over the model registry: list versions and history, roll back to the previous kept version or
 * to a named one. enrich-service picks the current version up at its next start.
 *
 * <pre>
 * RollbackSubjectModel --registry DIR [--list | --to VERSION] [--keep 5]
 * </pre>
 */
public final class RollbackSubjectModel {

    private RollbackSubjectModel() {}

    public static void main(String[] args) throws IOException {
        Path dir = null;
        String to = null;
        boolean list = false;
        int keep = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--registry" -> dir = Path.of(args[++i]);
                case "--to" -> to = args[++i];
                case "--list" -> list = true;
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
        ModelRegistry registry = new ModelRegistry(dir, keep, Clock.systemUTC());
        if (list) {
            System.out.println("current: " + registry.current().orElse("(shipped model)"));
            System.out.println("kept: " + registry.versions());
            registry.history().forEach(System.out::println);
            return;
        }
        String now = to == null ? registry.rollback("operator") : registry.rollbackTo(to, "operator");
        System.out.println("current: " + now);
    }
}
