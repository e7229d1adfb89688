package org.gongkai.index.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.http.HttpHost;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.Topics;
import org.gongkai.index.consume.BatchPlanner;

/**
 * A harness, not a test: the CPU time of this JVM's client side (every thread but the fake node's) over {@code _bulk}
 * requests of {@link DocumentPathCpu}'s notices sent through the low-level REST client to a loopback socket that reads
 * each body and answers every item 201, alternating the body as the client's content producer ({@code direct}) with
 * the same body read through its stream ({@code stream}, as before session 9).
 *
 * <pre>
 * java -cp ... org.gongkai.index.write.BulkSendCpu [requests per round=60] [rounds=8] [path to notices.jsonl]
 * </pre>
 */
public final class BulkSendCpu {

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path jsonl = Path.of(args.length > 2 ? args[2] : "../../shared/data/real-notices/notices.jsonl");
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        BatchPlanner planner =
                new BatchPlanner(json, Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC));
        List<List<IndexOperation>> polls = new ArrayList<>();
        List<ConsumerRecord<String, EnrichedNotice>> poll = new ArrayList<>();
        for (EnrichedNotice notice : DocumentPathCpu.events(jsonl, 900)) {
            poll.add(new ConsumerRecord<>(
                    Topics.ENRICHED,
                    0,
                    poll.size(),
                    1L,
                    TimestampType.CREATE_TIME,
                    0,
                    0,
                    notice.noticeId(),
                    notice,
                    new RecordHeaders(),
                    Optional.empty()));
            if (poll.size() == 300) { // the benchmark's requests held ~290 documents
                polls.add(planner.plan(poll).operations());
                poll = new ArrayList<>();
            }
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread node = new Thread(() -> serve(server), "fake-node");
            node.setDaemon(true);
            node.start();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            try (RestClient client = RestClient.builder(new HttpHost("127.0.0.1", server.getLocalPort(), "http"))
                    .build()) {
                for (int round = 1; round <= rounds; round++) {
                    for (boolean direct : new boolean[] {round % 2 == 1, round % 2 == 0}) {
                        long cpu0 = clientCpu(threads, node);
                        long docs = 0;
                        for (int r = 0; r < requests; r++) {
                            List<IndexOperation> ops = polls.get(r % polls.size());
                            BulkBody body = BulkBody.of(ops);
                            Request request = new Request("POST", "/notices-write/_bulk");
                            request.addParameter("filter_path", ElasticsearchBulkExecutor.FILTER_PATH);
                            request.setEntity(direct ? body : new HttpEntityWrapper(body));
                            Response response = client.performRequest(request);
                            List<ItemResult> results = ElasticsearchBulkExecutor.results(
                                    response.getStatusLine().getStatusCode(), response.getEntity(), ops.size());
                            if (results.stream().anyMatch(i -> i.status() != 201)) {
                                throw new IllegalStateException("not all 201");
                            }
                            docs += ops.size();
                        }
                        long cpu = clientCpu(threads, node) - cpu0;
                        System.out.printf(
                                "round %d %-6s client CPU %.1f µs/doc (%d docs)%n",
                                round, direct ? "direct" : "stream", cpu / 1e3 / docs, docs);
                    }
                }
            }
        }
    }

    /** CPU time of every live thread but the fake node's. */
    private static long clientCpu(com.sun.management.ThreadMXBean threads, Thread node) {
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            if (id != node.getId()) {
                total += Math.max(0, threads.getThreadCpuTime(id));
            }
        }
        return total;
    }

    /** Answers each {@code _bulk} on a kept-alive connection with one 201 per action line. */
    private static void serve(ServerSocket server) {
        while (true) {
            try (Socket socket = server.accept()) {
                InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                OutputStream out = socket.getOutputStream();
                byte[] chunk = new byte[1 << 16];
                while (true) {
                    long length = -1;
                    StringBuilder line = new StringBuilder();
                    int c;
                    boolean any = false;
                    while ((c = in.read()) >= 0) {
                        any = true;
                        if (c == '\n') {
                            String header = line.toString().trim();
                            if (header.isEmpty()) {
                                break;
                            }
                            if (header.toLowerCase().startsWith("content-length:")) {
                                length = Long.parseLong(header.substring(15).trim());
                            }
                            line.setLength(0);
                        } else {
                            line.append((char) c);
                        }
                    }
                    if (!any || c < 0) {
                        break;
                    }
                    long lines = 0;
                    for (long left = length; left > 0; ) {
                        int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                        if (n < 0) {
                            throw new IOException("body cut short");
                        }
                        for (int i = 0; i < n; i++) {
                            if (chunk[i] == '\n') {
                                lines++;
                            }
                        }
                        left -= n;
                    }
                    StringBuilder body = new StringBuilder("{\"errors\":false,\"items\":[");
                    for (long i = 0; i < lines / 2; i++) {
                        body.append(i == 0 ? "" : ",").append("{\"index\":{\"status\":201}}");
                    }
                    byte[] answer = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException e) {
                // next connection
            }
        }
    }
}
