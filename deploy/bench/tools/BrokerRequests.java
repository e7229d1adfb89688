import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.nio.file.*;
import java.util.*;
import javax.management.*;
import javax.management.remote.*;

/**
 * Samples a running broker's request counters every N seconds into a file, one line a sample: epoch ms, the broker's
 * CPU (/proc utime + stime, clock ticks), then {@code req.<type>=count} (JMX {@code kafka.network:type=RequestMetrics,
 * name=RequestsPerSec}) and {@code btm.<name>=count} (all-topic {@code BrokerTopicMetrics}); the difference of two lines
 * divided by the notices published between them gives requests per notice by type (session 11, docs/benchmarks.md).
 * Attaches through the attach API (same user as the broker), so the broker needs no JMX port. Not part of the build:
 *
 * <pre>
 *   java deploy/bench/tools/BrokerRequests.java BROKER_PID 10 /tmp/broker-requests.txt
 * </pre>
 *
 * Every sample costs the broker some CPU (the JMX connection's RMI thread): sample every 10 s or more when its CPU is
 * measured.
 */
public class BrokerRequests {
    public static void main(String[] a) throws Exception {
        String pid = a[0];
        long every = Long.parseLong(a[1]) * 1000;
        Path out = Path.of(a[2]);
        VirtualMachine vm = VirtualMachine.attach(pid);
        String url = vm.startLocalManagementAgent();
        vm.detach();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            while (Files.exists(Path.of("/proc/" + pid))) {
                StringBuilder sb = new StringBuilder();
                String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
                long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                sb.append(System.currentTimeMillis()).append(' ').append(ticks);
                TreeMap<String, Long> m = new TreeMap<>();
                for (ObjectName n : s.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                    m.merge("req." + n.getKeyProperty("request"), (Long) s.getAttribute(n, "Count"), Long::sum);
                }
                for (String t : List.of("Fetch", "Produce", "Request")) {
                    for (ObjectName n : s.queryNames(new ObjectName("kafka.server:type=" + t + ",*"), null)) {
                        String cid = n.getKeyProperty("client-id");
                        if (cid == null) continue;
                        for (MBeanAttributeInfo ai : s.getMBeanInfo(n).getAttributes()) {
                            Object v = s.getAttribute(n, ai.getName());
                            if (v instanceof Number num) m.put(t + "." + cid + "." + ai.getName(), (long) Math.round(num.doubleValue() * 1000) );
                        }
                    }
                }
                for (ObjectName n : s.queryNames(new ObjectName("kafka.server:type=BrokerTopicMetrics,*"), null)) {
                    if (n.getKeyProperty("topic") != null) continue;
                    try { m.put("btm." + n.getKeyProperty("name"), (Long) s.getAttribute(n, "Count")); } catch (Exception e) {}
                }
                m.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                Files.writeString(out, sb.append('\n').toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(every);
            }
        }
    }
}
