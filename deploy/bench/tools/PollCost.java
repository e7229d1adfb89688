import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.util.*;
import org.gongkai.servers.LocalElasticsearch;

/**
 * What one request of the searchable poller costs the node (session 12, docs/benchmarks.md "Session 12: the harness's
 * own cost"): starts a node (512 MB heap, as the bench), loads an index of small documents with refresh_interval 1 s,
 * then sends each kind of request back to back and prints the node's CPU (/proc, its process tree) and the sender's
 * per request: the refresh check ({@code _stats/refresh}, external_total), a {@code _count}, and an ids search of N
 * ids (the old poller's round). Not part of the build; run with the bench's classpath:
 *
 * <pre>
 *   java -cp "deploy/bench/target/lib/*" deploy/bench/tools/PollCost.java /tmp/pollcost 1000 800
 * </pre>
 */
public class PollCost {
    static HttpClient http = HttpClient.newHttpClient();
    static String url;

    static String send(String method, String path, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(r.statusCode() + " " + r.body());
        return r.body();
    }

    static double cpu(long pid) {
        double s = stat(pid);
        for (ProcessHandle c : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) s += stat(c.pid());
        return s;
    }

    static double stat(long pid) {
        try {
            String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int n = Integer.parseInt(a[1]);
        int ids = Integer.parseInt(a[2]);
        LocalElasticsearch es = LocalElasticsearch.start(LocalElasticsearch.defaultZip(), dir, 0, "512m");
        try {
            url = es.url();
            send("PUT", "/notices-v1", "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"refresh_interval\":\"1s\"},\"aliases\":{\"notices\":{}}}");
            StringBuilder bulk = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                bulk.append("{\"index\":{\"_id\":\"n").append(i).append("\"}}\n{\"title\":\"notice ").append(i).append("\"}\n");
                if (i % 2000 == 1999) {
                    send("POST", "/notices-v1/_bulk", bulk.toString());
                    bulk.setLength(0);
                }
            }
            send("POST", "/notices-v1/_refresh", null);
            List<String> idList = new ArrayList<>();
            for (int i = 0; i < ids; i++) idList.add("\"n" + (i * 7 % 20_000) + "\"");
            Map<String, String[]> kinds = new LinkedHashMap<>();
            kinds.put("refresh check (_stats/refresh, filter_path)", new String[] {"GET", "/notices/_stats/refresh?filter_path=_all.total.refresh.external_total", null});
            kinds.put("_count", new String[] {"GET", "/notices/_count", null});
            kinds.put("ids search of " + ids + " ids", new String[] {"POST", "/notices/_search", "{\"size\":" + ids + ",\"_source\":false,\"query\":{\"ids\":{\"values\":" + idList + "}}}"});
            for (int round = 0; round < 3; round++) {
                for (var k : kinds.entrySet()) {
                    String[] r = k.getValue();
                    for (int i = 0; i < n / 10; i++) send(r[0], r[1], r[2]); // warm
                    double node0 = cpu(es.pid()), own0 = stat(ProcessHandle.current().pid());
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) send(r[0], r[1], r[2]);
                    double node = cpu(es.pid()) - node0, own = stat(ProcessHandle.current().pid()) - own0;
                    System.out.printf(Locale.ROOT, "round %d  %-45s node %7.0f µs  sender %7.0f µs  wall %6.2f ms a request  (load %.1f)%n",
                            round, k.getKey(), node / n * 1e6, own / n * 1e6, (System.nanoTime() - t0) / 1e6 / n,
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
            }
        } finally {
            es.stop();
        }
    }
}
