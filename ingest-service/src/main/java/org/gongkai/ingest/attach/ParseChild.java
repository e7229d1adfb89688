package org.gongkai.ingest.attach;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.tika.parser.Parser;
import org.slf4j.LoggerFactory;

/**
 * The main class of a parse child process ({@link ChildParses}): reads extraction requests from standard input,
 * answers each on standard output, one at a time, until its input ends. Started with {@code -Xmx} and {@code
 * -XX:+ExitOnOutOfMemoryError}, so a parse that exhausts the heap ends the process (exit code 3) and nothing in the
 * service. Standard output carries the protocol only: {@code System.out} is pointed at standard error before any
 * library loads, and logging is limited to warnings.
 *
 * <p>Arguments: max text characters, accepted content types (comma-separated), and the parser class ({@code -} for
 * Tika's auto-detecting parser; tests pass one of theirs). Protocol ({@link java.io.DataOutputStream} encoding):
 * after start-up the child writes {@link #READY}; a request is the file name (a string, may be null) and the body
 * (int length, bytes); the answer is content type, text (strings, may be null), truncated (boolean) and error
 * (string, may be null). A string is an int byte length (-1 for null) and its UTF-8 bytes.
 */
public final class ParseChild {

    /** Written once the child is ready for requests. */
    static final int READY = 0x67_6B_70_31;

    private ParseChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        System.setOut(System.err);
        quietLogging();
        int maxChars = Integer.parseInt(args[0]);
        List<String> contentTypes = Arrays.asList(args[1].split(","));
        Parser parser = "-".equals(args[2])
                ? null
                : (Parser) Class.forName(args[2]).getDeclaredConstructor().newInstance();
        TikaExtraction tika = new TikaExtraction(parser, contentTypes, maxChars);
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(protocol, 1 << 16));
        out.writeInt(READY);
        out.flush();
        while (true) {
            String fileName;
            try {
                fileName = readString(in, 1 << 16);
            } catch (EOFException e) {
                return; // the service closed the pipe: done
            }
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            AttachmentText.Extracted extracted;
            try {
                extracted = tika.parse(body, fileName);
            } catch (IOException | RuntimeException | StackOverflowError e) {
                extracted =
                        AttachmentText.Extracted.failed(null, "text extraction failed: " + TikaExtraction.describe(e));
            }
            body = null;
            writeString(out, extracted.contentType());
            writeString(out, extracted.text());
            out.writeBoolean(extracted.truncated());
            writeString(out, extracted.error());
            out.flush();
        }
    }

    /** Logback (the service's logging) at WARN: its default without configuration is DEBUG on the console. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** @param maxBytes longest string accepted: a larger length means the stream is not the protocol */
    static String readString(DataInputStream in, int maxBytes) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > maxBytes) {
            throw new IOException("not the parse protocol: a string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
