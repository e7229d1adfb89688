package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorpusServerTest {

    private static String robots(CorpusServer server) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.base(0) + "/robots.txt"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void robotsTxtAllowsEverythingAndAsksForTheCrawlDelayOnceOneIsSet() throws Exception {
        Corpus.Site site = new Corpus.Site(Map.of(), "/e2e/index.html", 0);
        try (CorpusServer server = CorpusServer.start(List.of(site), 240)) {
            assertThat(robots(server)).contains("Allow: /").doesNotContain("Crawl-delay");

            server.crawlDelay(Duration.ofMillis(184));

            assertThat(robots(server)).contains("User-agent: *").contains("Crawl-delay: 0.184");
        }
    }
}
