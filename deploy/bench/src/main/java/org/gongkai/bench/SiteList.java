package org.gongkai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** ingest-service's site list of a benchmark run, written as a YAML config file. Stateless. */
final class SiteList {

    private SiteList() {}

    /**
     * Sites of ingest-service's site list served by one {@link CorpusServer}: ids {@code bench-<group>-<n>}, each
     * paced by {@code minDelay} (the server's robots.txt {@code Crawl-delay} may ask for more).
     */
    record Group(String group, CorpusServer server, List<Corpus.Site> sites, Duration minDelay) {

        /** The ids of this group's sites in the site list, in order. */
        List<String> ids() {
            return java.util.stream.IntStream.range(0, sites.size())
                    .mapToObj(s -> "bench-" + group + "-" + s)
                    .toList();
        }
    }

    /**
     * ingest-service's one site list holding every group (Spring's config imports of two files would not merge
     * their lists: the last one's list would replace the other's).
     */
    static Path write(Path file, List<Group> groups) throws IOException {
        StringBuilder yaml = new StringBuilder("gongkai:\n  ingest:\n    sites:\n");
        for (Group group : groups) {
            List<String> ids = group.ids();
            for (int s = 0; s < group.sites().size(); s++) {
                Corpus.Site site = group.sites().get(s);
                yaml.append("      - id: ")
                        .append(ids.get(s))
                        .append('\n')
                        .append("        name: benchmark site ")
                        .append(group.group())
                        .append(' ')
                        .append(s)
                        .append('\n')
                        .append("        list-urls: [\"")
                        .append(group.server().base(s))
                        .append(site.listPath())
                        .append("\"]\n")
                        .append("        allowed-networks: [127.0.0.0/8]\n")
                        .append("        max-pages: 100000\n")
                        // every list page of the corpus, not the default 10 (100 links each)
                        .append("        max-list-pages: ")
                        .append(site.notices() / Corpus.LINKS_PER_LIST_PAGE + 1)
                        .append('\n')
                        .append("        politeness:\n          min-delay: ")
                        .append(group.minDelay().toMillis())
                        .append("ms\n");
            }
        }
        Files.writeString(file, yaml);
        return file;
    }
}
