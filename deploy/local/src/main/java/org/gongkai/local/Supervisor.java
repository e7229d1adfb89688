package org.gongkai.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The local run's restart policy, like Compose's {@code restart: unless-stopped}: a process of its own
 * ({@code gongkai supervise}, started by {@code start}, recorded as {@code supervisor}) that every
 * {@link #CHECK_EVERY} looks at the recorded components and starts again any whose process is gone — a service
 * killed with {@code kill -9}, a crashed broker. A component that dies again within {@link #STABLE} of its restart
 * waits twice as long before the next one (2 s up to {@link #MAX_BACKOFF}), so a service that cannot start does not
 * spin.
 *
 * <p>{@code stop} ends the supervisor first (its process only, never the components it restarted), then the rest;
 * the supervisor also ends by itself when the process table is gone. A round is skipped while {@code gongkai restart}
 * holds the restart lock. Runs on one thread.
 */
final class Supervisor {

    static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    static final Duration STABLE = Duration.ofSeconds(60);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final PidFile pids;
    private final Components components;
    private final Map<String, Instant> lastRestart = new HashMap<>();
    private final Map<String, Integer> quickDeaths = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();

    Supervisor(PidFile pids, Components components) {
        this.pids = pids;
        this.components = components;
    }

    int run() throws IOException, InterruptedException {
        say("supervising the components in " + pids.path() + " every " + CHECK_EVERY.toSeconds() + " s");
        while (pids.exists()) {
            try (FileChannel lock = pids.tryRestartLock()) {
                if (lock != null) {
                    round();
                }
            } catch (RuntimeException | IOException e) {
                say("restart failed: " + e); // tried again next round, after the back-off
            }
            Thread.sleep(CHECK_EVERY.toMillis()); // the supervisor's own period
        }
        say("process table gone (stopped): supervisor ends");
        return 0;
    }

    private void round() throws IOException {
        SiteListHolder sites = new SiteListHolder();
        for (var entry : pids.read().entrySet()) {
            String name = entry.getKey();
            if (name.equals(Components.SUPERVISOR) || PidFile.isAlive(entry.getValue()) || !pids.exists()) {
                continue;
            }
            Instant now = Instant.now();
            Instant last = lastRestart.get(name);
            int quick = quickDeaths.getOrDefault(name, 0);
            if (last != null && Duration.between(last, now).compareTo(STABLE) < 0) {
                long backoff = Math.min(MAX_BACKOFF.toMillis(), 2000L << Math.min(quick, 10));
                if (Duration.between(last, now).toMillis() < backoff) {
                    continue;
                }
                quickDeaths.put(name, quick + 1);
            } else {
                quickDeaths.put(name, 0);
            }
            say(name + " (pid " + entry.getValue() + ") is gone: starting it again");
            lastRestart.put(name, now);
            long pid = components.start(name, sites.get());
            pids.put(name, pid);
            int count = restarts.merge(name, 1, Integer::sum);
            say(name + " started again, pid " + pid + " (restart " + count + ")");
        }
    }

    /** Reads the remembered site list once per round, only when something must be restarted. */
    private final class SiteListHolder {
        private SiteList sites;

        SiteList get() throws IOException {
            if (sites == null) {
                sites = components.sites();
            }
            return sites;
        }
    }

    private static void say(String line) {
        System.out.println(Instant.now() + " [supervisor] " + line);
    }
}
