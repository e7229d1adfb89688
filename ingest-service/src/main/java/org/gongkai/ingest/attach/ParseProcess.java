package org.gongkai.ingest.attach;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parse child process of {@link ChildParses}: writes an attachment down its pipe and reads the answer
 * ({@link ParseChild}'s protocol), kills it with SIGKILL when the answer does not come by the deadline, and tells
 * why a child that failed ended (timeout, out of heap, crashed). Used by one parse at a time (the pool hands it to
 * one thread); {@link #kill()} and the idle time may be called from the pool's timer thread.
 */
final class ParseProcess {

    private static final Logger log = LoggerFactory.getLogger(ParseProcess.class);

    private final Process process;
    private final ChildParses.Settings settings;
    private final ScheduledExecutorService timer;
    private final Consumer<String> events;
    private final DataOutputStream out;
    private final DataInputStream in;
    private boolean ready;
    private boolean broken;
    private volatile long idleSince;

    /**
     * @param process the started child ({@link ParseChild})
     * @param timer   runs the kill at a parse's deadline
     * @param events  counts how children end: timeout, memory, crashed
     */
    ParseProcess(
            Process process, ChildParses.Settings settings, ScheduledExecutorService timer, Consumer<String> events) {
        this.process = process;
        this.settings = settings;
        this.timer = timer;
        this.events = events;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    ChildParses.Parsed parse(byte[] bytes, String fileName, Duration deadline) throws InterruptedException {
        AtomicReference<String> killedFor = new AtomicReference<>();
        ScheduledFuture<?> kill = timer.schedule(
                () -> {
                    if (killedFor.compareAndSet(null, "timeout")) {
                        process.destroyForcibly();
                    }
                },
                deadline.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            if (!ready) {
                if (in.readInt() != ParseChild.READY) {
                    throw new IOException("unexpected start-up answer");
                }
                ready = true;
            }
            ParseChild.writeString(out, fileName);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            String contentType = ParseChild.readString(in, 1 << 12);
            // UTF-8 takes at most 3 bytes per Java char.
            String text =
                    ParseChild.readString(in, (int) Math.min(Integer.MAX_VALUE - 8L, settings.maxChars() * 3L + 16));
            boolean truncated = in.readBoolean();
            String error = ParseChild.readString(in, 1 << 16);
            if (!kill.cancel(false) || killedFor.get() != null) {
                broken = true; // answered just as the timer fired: the answer stands, the child is gone
            }
            AttachmentText.Extracted extracted = new AttachmentText.Extracted(contentType, text, truncated, error);
            return new ChildParses.Parsed(extracted.result(), extracted);
        } catch (IOException e) {
            broken = true;
            kill.cancel(false);
            return failure(killedFor.get());
        } finally {
            if (Thread.currentThread().isInterrupted()) {
                broken = true;
            }
        }
    }

    /** Why the child ended: killed at the deadline, out of heap, or otherwise. */
    private ChildParses.Parsed failure(String killed) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            events.accept("crashed");
            return new ChildParses.Parsed(
                    "crashed",
                    AttachmentText.Extracted.failed(null, "text extraction failed: parse process did not end"));
        }
        if ("timeout".equals(killed)) {
            events.accept("timeout");
            log.warn("attachment parse process {} killed after {}", process.pid(), settings.timeout());
            return new ChildParses.Parsed(
                    "timeout",
                    AttachmentText.Extracted.failed(
                            null, "text extraction timed out after " + settings.timeout() + " (parse process killed)"));
        }
        if (process.exitValue() == ChildParses.OUT_OF_MEMORY_EXIT) {
            events.accept("memory");
            log.warn("attachment parse process {} ran out of its {} heap", process.pid(), settings.heap());
            return new ChildParses.Parsed(
                    "memory",
                    AttachmentText.Extracted.failed(
                            null,
                            "text extraction ran out of memory (parse process heap " + settings.heap()
                                    + "; process ended)"));
        }
        events.accept("crashed");
        log.warn("attachment parse process {} ended with exit code {}", process.pid(), process.exitValue());
        return new ChildParses.Parsed(
                "crashed",
                AttachmentText.Extracted.failed(
                        null, "text extraction failed: parse process ended with exit code " + process.exitValue()));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean reusable() {
        return !broken && process.isAlive();
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    long idleFor() {
        return System.nanoTime() - idleSince;
    }

    void kill() {
        process.destroyForcibly();
        try {
            out.close();
        } catch (IOException e) {
            // the child is gone anyway
        }
    }
}
