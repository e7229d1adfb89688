import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.Random;

/**
 * What the same work costs in thread CPU when it runs right after a sleep instead of back to back (docs/benchmarks.md,
 * "Session 12: ingest-service's CPU per notice end to end"): a SHA-256 digest of BYTES random bytes (default 16384,
 * about a raw notice's JSON), warmed up, then timed back to back and after sleeps of 1, 20 and 150 ms, three rounds.
 * In the end-to-end stage every notice of ingest-service follows a politeness wait (its site's turn, ~100–200 ms),
 * and the other services' polls follow theirs; in the throughput stages work runs back to back. Not part of the
 * build: {@code java deploy/bench/tools/AfterSleep.java [BYTES]}.
 */
public class AfterSleep {
    public static void main(String[] args) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        byte[] data = new byte[args.length > 0 ? Integer.parseInt(args[0]) : 16384];
        new Random(1).nextBytes(data);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 5000; i++) {
            sha.digest(data);
        }
        for (int round = 0; round < 3; round++) {
            for (int pause : new int[] {0, 1, 20, 150}) {
                int n = pause == 0 ? 2000 : pause == 150 ? 30 : 100;
                long cpu = 0;
                for (int i = 0; i < n; i++) {
                    if (pause > 0) {
                        Thread.sleep(pause);
                    }
                    long before = threads.getCurrentThreadCpuTime();
                    sha.digest(data);
                    cpu += threads.getCurrentThreadCpuTime() - before;
                }
                System.out.printf(
                        "round %d, after a sleep of %3d ms: %.1f us of thread CPU a digest of %d bytes%n",
                        round, pause, cpu / 1e3 / n, data.length);
            }
        }
    }
}
