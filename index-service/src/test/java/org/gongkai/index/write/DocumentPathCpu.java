package org.gongkai.index.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EnrichedNotice.Details;
import org.gongkai.events.EventCodec;
import org.gongkai.events.EventHeaders;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.Topics;
import org.gongkai.index.consume.BatchPlan;
import org.gongkai.index.consume.BatchPlanner;
import org.gongkai.testsupport.NoticePages;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * A harness, not a test: the CPU time of one thread over index-service's path from a fetched {@code notices.enriched}
 * batch to the bytes of its {@code _bulk} body (lz4 record batches decompressed, key and value deserialised as the
 * consumer does, the planner's documents, the body read as the HTTP client reads it: through a channel into a 4 KB
 * buffer). The events are built from the real notices' text as the pipeline benchmark's corpus builds its pages
 * (bodies of at least 2,000 characters, every tenth with its Traditional original kept, every 25th with an
 * attachment's text), so their JSON is about the size of deploy/bench's enriched notices.
 *
 * <pre>
 * java -cp ... org.gongkai.index.write.DocumentPathCpu [notices=20000] [rounds=12] [path to notices.jsonl]
 * </pre>
 *
 * Prints per round the thread's CPU time and allocated bytes per document, split into consume (decompress and
 * deserialise), plan (documents) and body (send), and a CRC-32 over every body, which must not change with a change
 * that is meant to keep the requests byte for byte.
 */
public final class DocumentPathCpu {

    private static final int POLL = 500;

    public static void main(String[] args) throws Exception {
        int notices = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Path jsonl = Path.of(args.length > 2 ? args[2] : "../../shared/data/real-notices/notices.jsonl");
        List<MemoryRecords> fetched = batches(events(jsonl, notices));
        System.gc();
        long compressed = fetched.stream().mapToLong(MemoryRecords::sizeInBytes).sum();
        System.out.printf(
                "%d notices, %d record batches, %.1f KB lz4 a notice%n",
                notices, fetched.size(), compressed / 1024.0 / notices);

        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        BatchPlanner planner =
                new BatchPlanner(json, Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        StringDeserializer keys = new StringDeserializer();
        // -Dharness.value=copy: Spring Kafka's ErrorHandlingDeserializer as configured before session 9 (Kafka copies
        // each value into an array for it); default: the service's EnrichedValueDeserializer
        ErrorHandlingDeserializer<EnrichedNotice> values = "copy".equals(System.getProperty("harness.value"))
                ? new ErrorHandlingDeserializer<>(new org.gongkai.events.EnrichedNoticeDeserializer())
                : new org.gongkai.index.consume.EnrichedValueDeserializer();
        values.configure(Map.of(), false);
        ByteBuffer socket = ByteBuffer.allocate(4096);
        // as a consumer: one decompression buffer supplier per fetch session
        org.apache.kafka.common.utils.BufferSupplier buffers = org.apache.kafka.common.utils.BufferSupplier.create();
        // polls still held by the other consumers (three consumers: two more than this one), as the service holds them
        java.util.ArrayDeque<Object> held = new java.util.ArrayDeque<>();
        var gcs = ManagementFactory.getGarbageCollectorMXBeans();
        for (int round = 1; round <= rounds; round++) {
            long[] cpu = new long[3];
            long[] alloc = new long[3];
            long bodyBytes = 0;
            CRC32 crc = new CRC32();
            List<ConsumerRecord<String, EnrichedNotice>> poll = new ArrayList<>(POLL);
            long offset = 0;
            long gcTime0 = gcs.stream().mapToLong(g -> g.getCollectionTime()).sum();
            String gcCounts0 = gcs.stream()
                    .map(g -> g.getName() + " " + g.getCollectionCount())
                    .toList()
                    .toString();
            for (int b = 0; b < fetched.size(); b++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long a0 = threads.getThreadAllocatedBytes(self);
                for (RecordBatch batch : fetched.get(b).batches()) {
                    try (var it = batch.streamingIterator(buffers)) {
                        while (it.hasNext()) {
                            Record r = it.next();
                            RecordHeaders headers = new RecordHeaders(r.headers());
                            String key = keys.deserialize(Topics.ENRICHED, headers, r.key());
                            EnrichedNotice value = values.deserialize(Topics.ENRICHED, headers, r.value());
                            poll.add(new ConsumerRecord<>(
                                    Topics.ENRICHED,
                                    0,
                                    offset++,
                                    r.timestamp(),
                                    TimestampType.CREATE_TIME,
                                    r.keySize(),
                                    r.valueSize(),
                                    key,
                                    value,
                                    headers,
                                    Optional.empty()));
                        }
                    }
                }
                long c1 = threads.getCurrentThreadCpuTime();
                long a1 = threads.getThreadAllocatedBytes(self);
                cpu[0] += c1 - c0;
                alloc[0] += a1 - a0;
                if (poll.size() < POLL && b < fetched.size() - 1) {
                    continue;
                }
                BatchPlan plan = planner.plan(poll);
                long c2 = threads.getCurrentThreadCpuTime();
                long a2 = threads.getThreadAllocatedBytes(self);
                cpu[1] += c2 - c1;
                alloc[1] += a2 - a1;
                BulkBody body = BulkBody.of(plan.operations());
                bodyBytes += drain(body.getContent(), socket, round == 1 ? crc : null);
                cpu[2] += threads.getCurrentThreadCpuTime() - c2;
                alloc[2] += threads.getThreadAllocatedBytes(self) - a2;
                held.addLast(new Object[] {List.copyOf(poll), plan, body});
                if (held.size() > 3) {
                    held.removeFirst();
                }
                poll.clear();
            }
            System.out.printf(
                    "round %2d: CPU µs/doc consume %6.1f plan %6.1f body %5.1f total %6.1f | alloc KB/doc %5.1f %5.1f"
                            + " %5.1f | body %.1f KB/doc | GC %.1f µs/doc, %s -> %s%s%n",
                    round,
                    cpu[0] / 1e3 / notices,
                    cpu[1] / 1e3 / notices,
                    cpu[2] / 1e3 / notices,
                    (cpu[0] + cpu[1] + cpu[2]) / 1e3 / notices,
                    alloc[0] / 1024.0 / notices,
                    alloc[1] / 1024.0 / notices,
                    alloc[2] / 1024.0 / notices,
                    bodyBytes / 1024.0 / notices,
                    (gcs.stream().mapToLong(g -> g.getCollectionTime()).sum() - gcTime0) * 1e3 / notices,
                    gcCounts0,
                    gcs.stream()
                            .map(g -> g.getName() + " " + g.getCollectionCount())
                            .toList(),
                    round == 1 ? String.format(" crc32 %08x", crc.getValue()) : "");
        }
    }

    /** Reads the body as the async HTTP client does (a channel over its stream into a small buffer). */
    private static long drain(InputStream content, ByteBuffer buffer, CRC32 crc) throws IOException {
        long total = 0;
        try (ReadableByteChannel channel = Channels.newChannel(content)) {
            int n;
            while ((n = channel.read(buffer.clear())) >= 0) {
                total += n;
                if (crc != null) {
                    crc.update(buffer.array(), 0, n);
                }
            }
        }
        return total;
    }

    /** The events as enrich-service produces them: lz4 record batches of up to 256 KB. */
    private static List<MemoryRecords> batches(Iterable<EnrichedNotice> events) {
        List<MemoryRecords> batches = new ArrayList<>();
        List<SimpleRecord> batch = new ArrayList<>();
        int bytes = 0;
        for (EnrichedNotice e : events) {
            byte[] value = EventCodec.instance().write(e);
            var headers = new org.apache.kafka.common.header.Header[] {
                new RecordHeader(
                        EventHeaders.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(
                        "traceparent",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8))
            };
            batch.add(new SimpleRecord(1L, e.noticeId().getBytes(StandardCharsets.UTF_8), value, headers));
            bytes += value.length;
            if (bytes > 256 * 1024 / 2) { // lz4 about halves the JSON: a 256 KB batch holds ~twice its size
                batches.add(MemoryRecords.withRecords(Compression.lz4().build(), batch.toArray(SimpleRecord[]::new)));
                batch.clear();
                bytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            batches.add(MemoryRecords.withRecords(Compression.lz4().build(), batch.toArray(SimpleRecord[]::new)));
        }
        return batches;
    }

    /** Deterministic enriched notices of real text, shaped as enrich-service's output for the benchmark's pages. */
    static Iterable<EnrichedNotice> events(Path jsonl, int count) throws IOException {
        List<JsonNode> real = NoticePages.realNotices(jsonl);
        List<String> bodies = real.stream().map(n -> n.path("body").asString()).toList();
        Random random = new Random(42);
        return () -> new java.util.Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public EnrichedNotice next() {
                return event(i++, real, bodies, random);
            }
        };
    }

    private static EnrichedNotice event(int i, List<JsonNode> real, List<String> bodies, Random random) {
        {
            int start = random.nextInt(real.size());
            NoticePages.Text text = NoticePages.text(i, real.get(start), NoticePages.paragraphs(bodies, start));
            String body = String.join("\n", text.paragraphs());
            String url = "http://127.0.0.1:8999/site" + (i % 4) + "/art/2024/1/1/art_" + i + ".html";
            OffsetDateTime date =
                    OffsetDateTime.of(2020 + i % 5, 1 + i % 12, 1 + i % 28, 0, 0, 0, 0, ZoneOffset.ofHours(8));
            String subject = text.subject();
            String first = subject.contains("\\") ? subject.substring(0, subject.indexOf('\\')) : subject;
            String second = subject.contains("\\") ? subject.substring(subject.indexOf('\\') + 1) : null;
            // One label: the notice keeps its labels in an immutable map, whose order (and so the document's bytes)
            // changes from one JVM to the next with two or more, and the checksum must not.
            Map<String, String> labels = Map.of(
                    "索引号｜主题分类｜发布机构｜成文日期｜发文字号",
                    String.join(
                            "｜", text.indexNumber(), subject, text.publisher(), text.date(), text.documentNumber()));
            boolean mirror = i % 10 == 9;
            List<RawNotice.Attachment> attachments = i % 25 == 0
                    ? List.of(new RawNotice.Attachment(
                            url.replace(".html", ".docx"),
                            "附件1.docx",
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            body.substring(0, Math.min(600, body.length())),
                            false,
                            null))
                    : List.of();
            Details details = new Details(
                    mirror ? "traditional" : "simplified",
                    false,
                    mirror ? text.title() : null,
                    mirror ? body : null,
                    new EnrichedNotice.IndexNumber(text.indexNumber(), "bench", null, null, null),
                    new EnrichedNotice.SubjectCategory(subject, first, second),
                    new EnrichedNotice.Publisher(text.publisher(), text.publisher()),
                    new EnrichedNotice.DateValue(text.date(), date),
                    new EnrichedNotice.DateValue(text.date(), date),
                    new EnrichedNotice.DocumentNumber(text.documentNumber(), "bracket", "国办发", 2020, i, "国办发2020" + i),
                    new EnrichedNotice.ValidityValue("有效", "valid", null),
                    new EnrichedNotice.Choice("主动公开", "proactive"),
                    new EnrichedNotice.Choice("面向全社会", "public"),
                    null,
                    List.of(),
                    null,
                    new EnrichedNotice.Identity(NoticeIds.fromUrl(url.replace("8999", "8998")), "document-number"));
            List<EnrichedNotice.Subject.Term> terms = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                terms.add(new EnrichedNotice.Subject.Term(body.substring(t * 2, t * 2 + 2), 0.1 * (8 - t)));
            }
            EnrichedNotice.Subject subj = new EnrichedNotice.Subject(
                    first,
                    second,
                    "declared",
                    new EnrichedNotice.Subject.Declared(subject, "national", first, second),
                    new EnrichedNotice.Subject.Predicted(first, second, 0.83, 0.61, null),
                    false,
                    terms,
                    "subject-7");
            return new EnrichedNotice(
                    EnrichedNotice.SCHEMA_VERSION,
                    NoticeIds.fromUrl(url),
                    url,
                    "site" + (i % 4),
                    Instant.parse("2026-12-05T10:00:00Z").plusMillis(i),
                    1_733_000_000_000L + i,
                    text.title(),
                    body,
                    new EnrichedNotice.Metadata(
                            text.indexNumber(),
                            subject,
                            text.publisher(),
                            date,
                            date,
                            text.documentNumber(),
                            "国办发2020" + i,
                            "valid",
                            "主动公开",
                            "面向全社会",
                            null,
                            null),
                    labels,
                    attachments,
                    i % 3 == 0 ? List.of("no-keywords", "no-genre") : List.of("no-keywords"),
                    "enrich-0.1.0",
                    Instant.parse("2026-12-05T10:00:01Z").plusMillis(i),
                    details,
                    subj);
        }
    }
}
