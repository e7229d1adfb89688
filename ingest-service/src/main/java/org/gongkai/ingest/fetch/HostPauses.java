package org.gongkai.ingest.fetch;

import java.util.Optional;

/**
 * Where the pauses of failing hosts ({@link HostPause}) are kept beyond the process: {@link MinDelayPoliteness}
 * writes a pause when it starts one and removes it when the host answers again, and looks a host's pause up
 * before each request, so that a pause outlives a restart (the service's crawl state keeps them beside its crawl
 * marks) and is honoured by the instance a host moves to. Implementations must be thread-safe; a pause is one small
 * record a paused host, few at any time.
 */
public interface HostPauses {

    /** Kept in this process only (tests, tools): a restart meets every host afresh. */
    static HostPauses inMemory() {
        return new InMemoryHostPauses();
    }

    /** The host's last recorded pause, ended or not; empty when none is recorded. */
    Optional<HostPause> pause(String host);

    /** Records a host's pause, replacing the one before. */
    void putPause(HostPause pause);

    /** Forgets a host's pause (it answered again, or its pause ended while no instance ran). */
    void removePause(String host);
}
