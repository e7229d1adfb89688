import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.*;

/**
 * Counts the committed records of topics, and how many distinct keys they hold (a record whose key was seen before
 * is a repeat): {@code java -cp "deploy/local/target/lib/*" deploy/local/examples/TopicCount.java 127.0.0.1:9092
 * notices.raw notices.enriched}. Reads with isolation.level=read_committed, as the services do; commits nothing.
 */
public class TopicCount {
    public static void main(String[] args) {
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : Arrays.copyOfRange(args, 1, args.length)) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                long records = 0, tombstones = 0;
                Map<String, Integer> keys = new HashMap<>();
                while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                    for (var r : c.poll(Duration.ofSeconds(1))) {
                        records++;
                        if (r.value() == null) tombstones++;
                        keys.merge(r.key(), 1, Integer::sum);
                    }
                }
                long repeated = keys.values().stream().filter(n -> n > 1).count();
                System.out.printf("%-22s %d records (%d tombstones), %d distinct keys, %d keys more than once%n",
                        topic, records, tombstones, keys.size(), repeated);
            }
        }
    }
}
