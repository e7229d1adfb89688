package org.gongkai.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The crawler's site list for the local run: {@code start --sites FILE}, else {@code GONGKAI_SITES_FILE}, else the
 * demo site list {@code deploy/config/sites-demo.yml} (shared with the Compose demo profile). The demo site is the
 * one whose list URLs use the {@code
 * gongkai.demo-portal} placeholder (as in the shared file); only when the list has it does the local run start the
 * demo portal, give that site the demo's short delay ({@code gongkai.demo-min-delay}) and wait for its notices.
 *
 * @param file         the YAML file (Spring Boot config with {@code gongkai.ingest.sites})
 * @param includesDemo whether the list has the demo site
 */
record SiteList(Path file, boolean includesDemo) {

    static final String DEMO_PLACEHOLDER = "${gongkai.demo-portal";

    /**
     * @param args the command's arguments after the command ({@code --sites FILE})
     * @param env  the environment ({@code GONGKAI_SITES_FILE})
     * @throws IllegalArgumentException when the file does not exist or {@code --sites} has no value
     */
    static SiteList resolve(Path repo, List<String> args, Map<String, String> env) throws IOException {
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--sites")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--sites needs a file");
                }
                file = Path.of(args.get(i + 1));
            } else if (arg.startsWith("--sites=")) {
                file = Path.of(arg.substring("--sites=".length()));
            }
        }
        if (file == null) {
            String fromEnv = env.get("GONGKAI_SITES_FILE");
            file = fromEnv == null || fromEnv.isBlank() ? Services.sitesFile(repo) : Path.of(fromEnv);
        }
        file = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("site list " + file + " does not exist");
        }
        return new SiteList(file, Files.readString(file).contains(DEMO_PLACEHOLDER));
    }

    /**
     * The site list of a {@code start} while part of the run is up. The running ingest- and enrich-service read the
     * list they were started with, so a list not named ({@code --sites}, {@code GONGKAI_SITES_FILE}) means that one,
     * and another named list is refused: started beside them it would be crawled by no one (or, by a restarted
     * crawler, instead of theirs) while {@code start} answered "already running".
     *
     * @param running the list the running parts were started with
     * @throws IllegalArgumentException when a list other than {@code running} is named, or as {@link #resolve}
     */
    static SiteList resolveWhileRunning(Path repo, List<String> args, Map<String, String> env, SiteList running)
            throws IOException {
        boolean named = args.stream().anyMatch(a -> a.equals("--sites") || a.startsWith("--sites="))
                || !env.getOrDefault("GONGKAI_SITES_FILE", "").isBlank();
        if (!named) {
            return running;
        }
        SiteList wanted = resolve(repo, args, env);
        if (!wanted.file().equals(running.file())) {
            throw new IllegalArgumentException("the run is up with the site list " + running.file() + "; to crawl "
                    + wanted.file() + " instead: deploy/local/gongkai stop, then start --sites " + wanted.file()
                    + " (the index and crawl state are kept)");
        }
        return wanted;
    }
}
