package org.gongkai.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code _bulk} request bodies written once to a file, read back one request at a time: 100,000 documents of ~8 KB
 * would not fit the harness's heap as strings. Index actions carry the document's id and external version as
 * index-service sends them; no index name (the request names the write alias). Writing is single-threaded; after
 * {@link #finish()} {@link #request} may be called from several threads (positional reads).
 */
final class BulkFile implements AutoCloseable {

    private final Path file;
    private final OutputStream out;
    private final int batch;
    private final List<long[]> requests = new ArrayList<>(); // {offset, length, documents}
    private long offset;
    private long start;
    private int inRequest;
    private FileChannel channel;

    BulkFile(Path file, int batch) throws IOException {
        this.file = file;
        this.batch = batch;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    }

    /** Appends a document; a request is complete at {@code batch} documents. */
    void add(NoticeDocuments.Document d) throws IOException {
        byte[] action = ("{\"index\":{\"_id\":\"" + d.id() + "\",\"version\":" + d.version()
                        + ",\"version_type\":\"external\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] source = d.json().getBytes(StandardCharsets.UTF_8);
        out.write(action);
        out.write(source);
        out.write('\n');
        offset += action.length + source.length + 1;
        if (++inRequest == batch) {
            cut();
        }
    }

    /** Ends the current request early (a size boundary), if it holds any document. */
    void cut() {
        if (inRequest > 0) {
            requests.add(new long[] {start, offset - start, inRequest});
            start = offset;
            inRequest = 0;
        }
    }

    /** Ends writing; opens the file for reading. */
    void finish() throws IOException {
        cut();
        out.close();
        channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    int requests() {
        return requests.size();
    }

    /** Documents in request {@code i}. */
    int documents(int i) {
        return (int) requests.get(i)[2];
    }

    /** The body of request {@code i}. */
    byte[] request(int i) {
        long[] r = requests.get(i);
        ByteBuffer buffer = ByteBuffer.allocate((int) r[1]);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, r[0] + buffer.position()) < 0) {
                    throw new IOException("short read of " + file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.array();
    }

    long bytes() {
        return offset;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        Files.deleteIfExists(file);
    }
}
