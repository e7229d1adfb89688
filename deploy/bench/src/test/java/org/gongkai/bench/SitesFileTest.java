package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitesFileTest {

    @Test
    void everyStagesSitesAreInOneListWithIdsByGroupAndTheirOwnDelay(@TempDir Path work) throws Exception {
        long self = ProcessHandle.current().pid();
        BenchRun run =
                new BenchRun(work, BenchOptions.parse(work), work, "127.0.0.1:9", self, "http://127.0.0.1:9", self);
        Corpus.Site site = new Corpus.Site(Map.of(), "/gkml/index.html", 250);
        try (CorpusServer crawlServer = CorpusServer.start(List.of(site, site), 241);
                CorpusServer e2eServer = CorpusServer.start(List.of(site), 243)) {
            SiteList.Group crawl = new SiteList.Group("crawl", crawlServer, List.of(site, site), Duration.ZERO);
            SiteList.Group e2e = new SiteList.Group("e2e", e2eServer, List.of(site), Duration.ofMillis(200));

            String yaml = Files.readString(run.sitesFile("sites.yml", List.of(crawl, e2e)));

            assertThat(crawl.ids()).containsExactly("bench-crawl-0", "bench-crawl-1");
            assertThat(yaml.split("\n", -1))
                    .filteredOn(l -> l.contains("sites:"))
                    .hasSize(1);
            assertThat(yaml)
                    .contains("- id: bench-crawl-1\n")
                    .contains("- id: bench-e2e-0\n")
                    .contains("list-urls: [\"" + e2eServer.base(0) + "/gkml/index.html\"]")
                    .contains("max-list-pages: 3\n")
                    .contains("min-delay: 0ms\n")
                    .contains("min-delay: 200ms\n");
        }
    }
}
