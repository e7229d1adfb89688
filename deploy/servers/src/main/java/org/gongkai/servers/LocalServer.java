package org.gongkai.servers;

import java.nio.file.Path;

/**
 * A server run as a child process with its state in one directory; stopping keeps the state, so
 * {@code start()} brings the same server back (outage and restart tests rely on this). Not thread-safe beyond the
 * synchronized start/stop: one owner starts and stops it.
 */
public abstract class LocalServer implements AutoCloseable {

    protected final Path dir;
    protected ChildProcess process;

    protected LocalServer(Path dir) {
        this.dir = dir;
    }

    /** Starts (again) with the same ports and data; a no-op while it runs. */
    public abstract void start();

    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server and its child processes; the data stays. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
