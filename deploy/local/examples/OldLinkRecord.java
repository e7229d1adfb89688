import java.time.Duration;
import java.util.*;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.*;

/**
 * Rewrites the crawl-state records of link-only pages (redirect aliases, navigation pages) as a version before
 * session 17 wrote them: without {@code target} (session 18's trial, docs/tried-from-outside.md). Reads the state
 * topic to its end, takes the last record of each key whose URL ends with one of the given suffixes and that has a
 * {@code target}, prints it and (with {@code rewrite}; {@code show} only prints) sends it again without that field:
 * {@code java -cp "deploy/local/target/lib/*" deploy/local/examples/OldLinkRecord.java rewrite 127.0.0.1:9092
 * notices.crawl-state /go/a /go/gone}. Restart ingest-service afterwards (it reads the topic at start-up).
 */
public class OldLinkRecord {
    private static final Pattern TARGET = Pattern.compile(",\"target\":\"[^\"]*\"");
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]*)\"");

    public static void main(String[] command) throws Exception {
        boolean rewrite = command[0].equals("rewrite");
        String[] args = Arrays.copyOfRange(command, 1, command.length);
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("enable.auto.commit", "false");
        Map<String, String> last = new LinkedHashMap<>();
        try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(args[1]).stream()
                    .map(i -> new TopicPartition(args[1], i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (var r : c.poll(Duration.ofSeconds(1))) {
                    last.put(r.key(), r.value());
                }
            }
        }
        List<String> suffixes = Arrays.asList(args).subList(2, args.length);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (var e : last.entrySet()) {
                String value = e.getValue();
                if (value == null) continue;
                var m = URL.matcher(value);
                if (!m.find() || suffixes.stream().noneMatch(m.group(1)::endsWith)) continue;
                System.out.println("was: " + e.getKey() + " " + value);
                if (!rewrite || !TARGET.matcher(value).find()) continue;
                String old = TARGET.matcher(value).replaceAll("");
                producer.send(new ProducerRecord<>(args[1], e.getKey(), old)).get();
                System.out.println("now: " + e.getKey() + " " + old);
            }
        }
    }
}
