package org.gongkai.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogCaptureTest {

    private static final Logger log = LoggerFactory.getLogger(LogCaptureTest.class);

    @Test
    void capturesTheFormattedLinesOfItsLoggerFromAnyThreadUntilClosed() throws Exception {
        LogCapture capture = LogCapture.of(LogCaptureTest.class);
        log.info("one {}", 1);
        log.warn("two {}", 2);
        Thread other = new Thread(() -> log.warn("three from another thread"));
        other.start();
        other.join();
        LoggerFactory.getLogger("org.gongkai.other").warn("another logger's");

        capture.close();
        log.warn("after close");

        assertThat(capture.messages()).containsExactly("one 1", "two 2", "three from another thread");
        assertThat(capture.messages(Level.WARN)).containsExactly("two 2", "three from another thread");
        assertThat(capture.messages(Level.ERROR)).isEmpty();
    }

    @Test
    void capturesTheLoggersBelowTheNamedOne() {
        try (LogCapture capture = LogCapture.of("org.gongkai")) {
            LoggerFactory.getLogger("org.gongkai.deep.Below").info("below");
            LoggerFactory.getLogger("org.other").warn("elsewhere");

            assertThat(capture.messages()).containsExactly("below");
        }
    }

    @Test
    void eachLineKeepsTheMdcItWasLoggedWith() {
        try (LogCapture capture = LogCapture.of(LogCaptureTest.class)) {
            MDC.put("noticeId", "n1");
            try {
                log.info("with");
            } finally {
                MDC.remove("noticeId");
            }
            log.info("without");

            assertThat(capture.events())
                    .extracting(e -> e.getMDCPropertyMap().get("noticeId"))
                    .containsExactly("n1", null);
            assertThat(capture.events()).extracting(ILoggingEvent::getLevel).containsOnly(Level.INFO);
        }
    }

    @Test
    void aLevelGivenForTheCaptureAppliesWhileItLastsAndIsRestoredAfter() {
        assertThat(log.isDebugEnabled())
                .as("INFO for org.gongkai (logback-test.xml)")
                .isFalse();

        try (LogCapture capture = LogCapture.of(LogCaptureTest.class, Level.DEBUG)) {
            log.debug("detail");

            assertThat(capture.messages(Level.DEBUG)).containsExactly("detail");
        }
        assertThat(log.isDebugEnabled()).isFalse();
    }

    @Test
    void asAJUnitExtensionItDetachesAfterTheTest() {
        LogCapture capture = LogCapture.of(LogCaptureTest.class);
        log.info("during");

        capture.afterEach(null);
        log.info("after");

        assertThat(capture.messages()).containsExactly("during");
    }
}
