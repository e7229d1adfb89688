package org.gongkai.ingest.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes HTTP content encodings ({@code gzip}, {@code x-gzip}, {@code deflate}, {@code br} (Brotli, with
 * Google's reference decoder {@code org.brotli:dec}); {@code identity} and none pass through) with a cap on the
 * decoded size, which also defuses compression bombs: decoding stops at the cap, so a bomb costs at most the cap
 * in memory. Stateless.
 */
public final class ContentDecoding {

    /** The {@code Accept-Encoding} request header: the encodings {@link #decode} understands. */
    public static final String ACCEPT_ENCODING = "gzip, deflate, br";

    private ContentDecoding() {}

    /**
     * The decoded body.
     *
     * @param bytes     decoded bytes, at most the cap
     * @param truncated whether decoding stopped at the cap or at the end of a cut-off input
     */
    public record Decoded(byte[] bytes, boolean truncated) {}

    /** Whether this transport can decode {@code encoding} (a Content-Encoding value, may be null). */
    public static boolean supports(String encoding) {
        return switch (normalize(encoding)) {
            case "", "identity", "gzip", "x-gzip", "deflate", "br" -> true;
            default -> false;
        };
    }

    /**
     * Decodes {@code body}.
     *
     * @param inputTruncated whether {@code body} itself was cut short; a decoder hitting its end is then not an
     *                       error
     * @throws FetchException when the encoding is unknown or the data is corrupt
     */
    public static Decoded decode(byte[] body, String encoding, long maxBytes, boolean inputTruncated)
            throws FetchException {
        String e = normalize(encoding);
        if (e.isEmpty() || e.equals("identity")) {
            if (body.length > maxBytes) {
                return new Decoded(java.util.Arrays.copyOf(body, (int) maxBytes), true);
            }
            return new Decoded(body, inputTruncated);
        }
        try (InputStream in = switch (e) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> deflate(body);
            case "br" -> new BrotliInputStream(new ByteArrayInputStream(body));
            default -> throw new FetchException("unsupported content encoding " + encoding);
        }) {
            return readCapped(in, maxBytes, inputTruncated);
        } catch (EOFException eof) {
            if (inputTruncated) {
                return new Decoded(new byte[0], true);
            }
            throw new FetchException("truncated " + e + " body", eof);
        } catch (ZipException zip) {
            throw new FetchException("corrupt " + e + " body", zip);
        } catch (IOException io) {
            throw new FetchException("cannot decode " + e + " body", io);
        }
    }

    private static InputStream deflate(byte[] body) {
        // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: the zlib header tells.
        boolean zlib =
                body.length >= 2 && (body[0] & 0x0f) == 8 && ((body[0] & 0xff) << 8 | (body[1] & 0xff)) % 31 == 0;
        return new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(!zlib));
    }

    private static Decoded readCapped(InputStream in, long maxBytes, boolean inputTruncated) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return new Decoded(out.toByteArray(), inputTruncated);
                }
                long room = maxBytes - out.size();
                if (n > room) {
                    out.write(buffer, 0, (int) room);
                    return new Decoded(out.toByteArray(), true);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // A body cut at the wire cap ends mid-stream: keep what decoded (Brotli reports this as a plain
            // IOException, gzip as EOFException).
            if (inputTruncated) {
                return new Decoded(out.toByteArray(), true);
            }
            throw e;
        }
    }

    private static String normalize(String encoding) {
        return encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
    }
}
