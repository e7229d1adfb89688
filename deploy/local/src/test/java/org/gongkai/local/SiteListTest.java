package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteListTest {

    @TempDir
    Path dir;

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    private Path own() throws IOException {
        Path file = dir.resolve("my-sites.yml");
        Files.writeString(file, """
                gongkai:
                  ingest:
                    sites:
                      - id: gov
                        list-urls: [ "https://www.gov.cn/zhengce/zuixin/home.htm" ]
                """);
        return file;
    }

    @Test
    void withoutASiteListTheDemoSiteListIsUsed() throws IOException {
        SiteList sites = SiteList.resolve(REPO, List.of(), Map.of());

        assertThat(sites.file()).isEqualTo(REPO.resolve("deploy/config/sites-demo.yml"));
        assertThat(sites.includesDemo()).isTrue();
    }

    @Test
    void theEnvironmentNamesTheUsersSiteListAndWithoutTheDemoSiteThereIsNoDemoToWaitFor() throws IOException {
        Path own = own();

        SiteList sites = SiteList.resolve(REPO, List.of(), Map.of("GONGKAI_SITES_FILE", own.toString()));

        assertThat(sites.file()).isEqualTo(own);
        assertThat(sites.includesDemo()).isFalse();
    }

    @Test
    void theSitesOptionWinsOverTheEnvironment() throws IOException {
        Path own = own();

        assertThat(SiteList.resolve(REPO, List.of("--sites", own.toString()), Map.of("GONGKAI_SITES_FILE", "x.yml"))
                        .file())
                .isEqualTo(own);
        assertThat(SiteList.resolve(REPO, List.of("--sites=" + own), Map.of()).file())
                .isEqualTo(own);
    }

    @Test
    void aMissingSiteListIsAClearError() {
        assertThatThrownBy(() -> SiteList.resolve(
                        REPO, List.of("--sites", dir.resolve("nope.yml").toString()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.yml")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> SiteList.resolve(REPO, List.of("--sites"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStartWhilePartOfTheRunIsUpWithoutNamingAListKeepsTheListItRunsWith() throws IOException {
        SiteList running = new SiteList(own(), false);

        assertThat(SiteList.resolveWhileRunning(REPO, List.of(), Map.of(), running))
                .isEqualTo(running);
        assertThat(SiteList.resolveWhileRunning(REPO, List.of("--sites", own().toString()), Map.of(), running))
                .isEqualTo(running);
    }

    @Test
    void aStartWhilePartOfTheRunIsUpRefusesAnotherSiteListAndSaysHowToSwitch() throws IOException {
        SiteList runningDemo = SiteList.resolve(REPO, List.of(), Map.of());
        Path own = own();

        assertThatThrownBy(() ->
                        SiteList.resolveWhileRunning(REPO, List.of("--sites", own.toString()), Map.of(), runningDemo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the run is up with the site list " + runningDemo.file())
                .hasMessageContaining("stop, then start --sites " + own);
        assertThatThrownBy(() -> SiteList.resolveWhileRunning(
                        REPO, List.of(), Map.of("GONGKAI_SITES_FILE", own.toString()), runningDemo))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSharedDemoSiteAloneGetsTheDemoDelay() throws IOException {
        String shared = Files.readString(REPO.resolve("deploy/config/sites-demo.yml"));

        assertThat(shared).contains("min-delay: \"${gongkai.demo-min-delay:1s}\"");
        assertThat(Services.demoArgs("http://127.0.0.1:1", java.time.Duration.ofMillis(200)))
                .contains("--gongkai.demo-min-delay=200ms")
                .noneMatch(a -> a.startsWith("--gongkai.ingest.politeness"));
    }
}
