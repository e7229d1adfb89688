package org.gongkai.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What one logger (and the loggers below it) logs, for tests that assert a log line. Attached when made; detached by
 * {@link #close()}: in a try-with-resources block, or after each test when held in a field annotated
 * {@code @RegisterExtension} (JUnit makes a test instance, and so a capture, per test method).
 *
 * <p>Thread-safe: lines may come from any thread (a timer's, a producer's callback) while the test reads; each read
 * is a snapshot of the lines so far. Needs logback as the SLF4J binding (every module's tests have it).
 */
public final class LogCapture implements AutoCloseable, AfterEachCallback {

    private final Logger logger;
    private final boolean levelSet;
    private final Level levelBefore;
    private final Lines lines = new Lines();

    private LogCapture(String loggerName, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.levelSet = level != null;
        this.levelBefore = logger.getLevel();
        if (levelSet) {
            logger.setLevel(level);
        }
        lines.setContext(logger.getLoggerContext());
        lines.start();
        logger.addAppender(lines);
    }

    /** Captures the lines of the logger named after {@code type}, at the level configured for it. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName(), null);
    }

    /** Captures the lines of the logger {@code name}, at the level configured for it. */
    public static LogCapture of(String name) {
        return new LogCapture(name, null);
    }

    /** Captures the lines of the logger of {@code type} from {@code level} on; its own level is restored on close. */
    public static LogCapture of(Class<?> type, Level level) {
        return new LogCapture(type.getName(), level);
    }

    /** The lines so far, in the order logged (MDC, level, thread as logged). */
    public List<ILoggingEvent> events() {
        return List.copyOf(lines.events);
    }

    /** The formatted messages so far (arguments filled in), in the order logged. */
    public List<String> messages() {
        return lines.events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The formatted messages so far logged at exactly {@code level}. */
    public List<String> messages(Level level) {
        return lines.events.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Stops capturing and restores the logger's level; lines captured stay readable. Idempotent. */
    @Override
    public void close() {
        logger.detachAppender(lines);
        lines.stop();
        if (levelSet) {
            logger.setLevel(levelBefore);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    private static final class Lines extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // the message and MDC as they were when logged
            events.add(event);
        }
    }
}
