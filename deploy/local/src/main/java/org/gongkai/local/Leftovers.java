package org.gongkai.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.gongkai.servers.ChildProcess;

/**
 * Elasticsearch nodes of this local run left behind by a wrapper that died. The recorded pid of Elasticsearch is
 * its launcher ({@code runuser} when run as root, else the distribution's command-line JVM), and the node is that
 * launcher's grandchild: a {@code kill -9} of the recorded pid orphans the node, which keeps the data directory's
 * {@code node.lock} and the port, so every restart of the component fails ("failed to obtain node locks") and
 * {@code stop} would leave the node running. The node is recognised by its command line, which names this run's
 * configuration directory ({@code -Des.path.conf=$GONGKAI_HOME/elasticsearch/config}); process ancestry is gone
 * once the launcher died. Linux ({@code /proc}) only, like the rest of the local run.
 */
final class Leftovers {

    private Leftovers() {}

    /** The live processes whose command line names this run's Elasticsearch configuration directory. */
    static List<ProcessHandle> elasticsearch(Path home) {
        String marker = "-Des.path.conf="
                + home.resolve("elasticsearch").resolve("config").toAbsolutePath(); // as LocalElasticsearch passes it
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p ->
                        p.info().arguments().stream().flatMap(Arrays::stream).anyMatch(marker::equals))
                .toList();
    }

    /**
     * Ends the Elasticsearch nodes of this run that are still alive (SIGTERM, {@code grace}, then SIGKILL) and
     * returns how many there were. Call it only when the recorded Elasticsearch process is gone or being stopped.
     */
    static int endElasticsearch(Path home, Duration grace) {
        List<ProcessHandle> left = elasticsearch(home);
        left.forEach(p -> ChildProcess.stopTree(p, grace));
        return left.size();
    }
}
