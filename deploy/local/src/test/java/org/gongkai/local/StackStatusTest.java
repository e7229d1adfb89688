package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackStatusTest {

    @Test
    void aRefusedOperatorPasswordSaysSoInsteadOfLeavingTheCrawlsOutSilently() {
        assertThat(StackStatus.crawlsNotShown(401, "q3Vx9plainRandom"))
                .startsWith("not shown: ingest-service refused the operator password of .gongkai/operator-password"
                        + " (HTTP 401)")
                .contains("gongkai restart ingest-service");
    }

    @Test
    void anEncodedPasswordInTheFileIsNamedAsTheReasonForARefusal() {
        assertThat(StackStatus.crawlsNotShown(401, "{bcrypt}$2a$10$abcdefghijklmnopqrstuu"))
                .contains("HTTP 401")
                .contains("needs the plain password");
    }

    @Test
    void noAnswerAndOtherStatusesAreNamed() {
        assertThat(StackStatus.crawlsNotShown(0, "x")).contains("did not answer within 5 s");
        assertThat(StackStatus.crawlsNotShown(503, "x"))
                .isEqualTo("not shown: ingest-service's /actuator/crawl answered HTTP 503");
    }
}
