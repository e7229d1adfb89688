package org.gongkai.ingest.crawl;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the operations of a native store off it once it is closed: each operation holds the read side ({@link
 * #opened()}), {@link #close(Runnable)} the write side, so the store is closed after the operations running and
 * later ones throw {@link IllegalStateException}. Thread-safe.
 */
final class CloseGuard {

    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final String what;
    /** Guarded by the write side; read under the read side. */
    private boolean closed;

    /** @param what the store, for the exception's message */
    CloseGuard(String what) {
        this.what = what;
    }

    /** The read side, held: unlock it when the operation is done; throws when the store is closed. */
    Lock opened() {
        Lock lock = lifecycle.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException(what + " is closed");
        }
        return lock;
    }

    /**
     * Runs {@code closing} once, after the operations running.
     *
     * @return whether this call closed the store (false when it was closed already)
     */
    boolean close(Runnable closing) {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            closing.run();
            return true;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
