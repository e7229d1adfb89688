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
}
