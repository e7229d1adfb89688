package org.gongkai.deadletters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.gongkai.events.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dead-letters list|replay}: the operator's view of {@code notices.raw-dlt} and {@code notices.enriched-dlt}.
 * Exit codes: 0 done, 1 a failure (nothing or part sent, as printed), 2 bad arguments, 3 replay done except dead
 * letters that cannot be replayed (listed on standard error).
 */
@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.ReplayCommand.class},
        description = "List the dead-letter topics and replay chosen dead letters to their source topic.")
public final class DeadLettersCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(
                args,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs a command line with the given output and error writers; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new DeadLettersCommand());
        line.setOut(out).setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("dead-letters: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("dead-letters: " + e.getMessage());
            return 1;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: list or replay");
    }

    /** Options both commands share: where Kafka is, which topics, which dead letters. */
    static final class Common {

        @Option(
                names = "--bootstrap-servers",
                defaultValue = "${env:GONGKAI_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
                description = "Kafka (default: $GONGKAI_KAFKA_BOOTSTRAP_SERVERS, else ${DEFAULT-VALUE})")
        String bootstrapServers;

        @Option(
                names = "--kafka-config",
                description = "a properties file of further Kafka client settings (TLS, SASL)")
        Path kafkaConfig;

        @Option(
                names = "--topic",
                description = "dead-letter topic(s) to read (default: " + Topics.RAW_DLT + " and " + Topics.ENRICHED_DLT
                        + ")")
        List<String> topics = new ArrayList<>();

        @Option(
                names = "--offset",
                paramLabel = "PARTITION:OFFSET",
                description = "a dead letter's position (repeatable)")
        List<String> positions = new ArrayList<>();

        @Option(names = "--key", description = "a notice id (repeatable)")
        List<String> keys = new ArrayList<>();

        @Option(names = "--reason", description = "text the reason contains (case-insensitive)")
        String reason;

        Selection selection() {
            Set<Selection.Position> parsed = new LinkedHashSet<>();
            positions.forEach(p -> parsed.add(Selection.Position.parse(p)));
            return new Selection(parsed, new LinkedHashSet<>(keys), reason);
        }

        List<String> topics() {
            if (topics.isEmpty()) {
                return List.of(Topics.RAW_DLT, Topics.ENRICHED_DLT);
            }
            if (!positions.isEmpty() && topics.size() > 1) {
                throw new IllegalArgumentException("--offset names a position in one topic: give one --topic");
            }
            return topics;
        }

        Properties client() throws IOException {
            Properties properties = new Properties();
            if (kafkaConfig != null) {
                try (InputStream in = Files.newInputStream(kafkaConfig)) {
                    properties.load(in);
                }
            }
            properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return properties;
        }

        void requireTopicWithPositions() {
            if (!positions.isEmpty() && topics.isEmpty()) {
                throw new IllegalArgumentException("--offset needs --topic (the dead-letter topic it is in)");
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "Prints the chosen dead letters (all without criteria), one tab-separated line each:",
                "topic, partition, offset, time, stage, reason, key, source topic:partition:offset,",
                "schema version, event version (gongkai-version, tombstones), producer, trace id."
            })
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        Common common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            common.requireTopicWithPositions();
            Selection selection = common.selection();
            PrintWriter out = spec.commandLine().getOut();
            out.println(String.join(
                    "\t",
                    "topic",
                    "partition",
                    "offset",
                    "time",
                    "stage",
                    "reason",
                    "key",
                    "source",
                    "schema-version",
                    "version",
                    "producer",
                    "trace-id"));
            try (DeadLetterTopics kafka = new DeadLetterTopics(common.client())) {
                for (String topic : common.topics()) {
                    kafka.read(topic, letter -> {
                        if (selection.matches(letter)) {
                            out.println(line(letter));
                        }
                    });
                }
            }
            out.flush();
            return 0;
        }

        static String line(DeadLetter l) {
            return String.join(
                    "\t",
                    l.topic(),
                    Integer.toString(l.partition()),
                    Long.toString(l.offset()),
                    DateTimeFormatter.ISO_INSTANT.format(l.time()),
                    cell(l.stage()),
                    cell(l.reason()),
                    cell(l.key()),
                    cell(l.sourceTopic()) + ":" + l.sourcePartition() + ":" + l.sourceOffset(),
                    cell(l.schemaVersion()),
                    cell(l.eventVersion()),
                    cell(l.producer()),
                    cell(l.traceId()));
        }

        private static String cell(String s) {
            return s == null ? "-" : s.replace('\t', ' ').replace('\n', ' ');
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = {
                "Sends the chosen dead letters back to their source topic (kafka_dlt-original-topic), with their",
                "key, value and headers; the dead-letter headers are dropped and gongkai-replayed-from added.",
                "Deploy the fix first: the live consumers process what is replayed."
            })
    static final class ReplayCommand implements Callable<Integer> {

        @Mixin
        Common common;

        @Option(names = "--all", description = "replay every dead letter of the topic(s)")
        boolean all;

        @Option(names = "--dry-run", description = "print what would be replayed, send nothing")
        boolean dryRun;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            common.requireTopicWithPositions();
            Selection selection = common.selection();
            selection.requireChosen(all);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> refused = new ArrayList<>();
            int[] sent = {0};
            try (DeadLetterTopics kafka = new DeadLetterTopics(common.client())) {
                for (String topic : common.topics()) {
                    kafka.read(topic, letter -> {
                        if (!selection.matches(letter)) {
                            return;
                        }
                        try {
                            var record = Replays.toSource(letter);
                            if (dryRun) {
                                out.println("would replay " + letter.position() + " -> " + record.topic() + " key "
                                        + letter.key());
                                return;
                            }
                            RecordMetadata at = kafka.send(record);
                            sent[0]++;
                            out.println("replayed " + letter.position() + " -> " + at.topic() + ":" + at.partition()
                                    + ":" + at.offset() + " key " + letter.key());
                        } catch (Replays.NotReplayableException e) {
                            refused.add(e.getMessage());
                        }
                    });
                }
            }
            refused.forEach(err::println);
            out.println((dryRun ? "dry run: " : "") + sent[0] + " replayed, " + refused.size() + " not replayable");
            out.flush();
            err.flush();
            return refused.isEmpty() ? 0 : 3;
        }
    }
}
