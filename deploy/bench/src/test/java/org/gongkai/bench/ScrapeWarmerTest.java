package org.gongkai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScrapeWarmerTest {

    @Test
    void scrapesTheGivenPortRepeatedlyUntilClosed() {
        AtomicInteger scrapes = new AtomicInteger();
        AtomicInteger wrongPort = new AtomicInteger();
        ScrapeWarmer warmer = ScrapeWarmer.start(8083, Duration.ofMillis(10), port -> {
            scrapes.incrementAndGet();
            if (port != 8083) {
                wrongPort.incrementAndGet();
            }
        });

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(scrapes).hasValueGreaterThanOrEqualTo(3));
        warmer.close();

        assertThat(warmer.isRunning()).isFalse();
        assertThat(wrongPort).hasValue(0);
    }

    @Test
    void keepsScrapingAfterAFailedScrape() {
        AtomicInteger scrapes = new AtomicInteger();
        try (ScrapeWarmer warmer = ScrapeWarmer.start(1, Duration.ofMillis(10), port -> {
            if (scrapes.incrementAndGet() == 1) {
                throw new IllegalStateException("service not answering");
            }
        })) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(scrapes).hasValueGreaterThanOrEqualTo(3));
        }
    }
}
