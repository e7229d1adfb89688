package org.gongkai.enrich;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;

/** Test fixtures: pages from src/test/resources and raw notices built around them. */
public final class Fixtures {

    private Fixtures() {}

    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw notice as ingest would publish it for this body. */
    public static RawNotice raw(String url, String contentType, String body) {
        return raw(url, contentType, body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** A raw notice for bytes in a charset, decoded as ingest does (GBK and GB2312 through GB18030). */
    public static RawNotice raw(String url, String contentType, byte[] bytes, Charset charset) {
        Charset decoder = charset.name().matches("(?i)gbk|gb2312") ? Charset.forName("GB18030") : charset;
        String body = new String(bytes, decoder);
        Instant fetchedAt = Instant.parse("2024-05-01T08:00:00Z");
        return new RawNotice(
                RawNotice.SCHEMA_VERSION,
                NoticeIds.fromUrl(url),
                NoticeIds.canonicalUrl(url),
                url,
                "test-site",
                "crawl",
                fetchedAt,
                fetchedAt.toEpochMilli() * 1000,
                200,
                Map.of(
                        "content-type",
                        contentType + "; charset=" + charset.name().toLowerCase(java.util.Locale.ROOT)),
                contentType,
                decoder.name(),
                "header",
                body,
                bytes,
                false,
                NoticeIds.sha256Hex(bytes),
                List.of(new RawNotice.Attachment(
                        url.replaceAll("[^/]*$", "W020230803512345678901.pdf"),
                        "附件1.pdf",
                        "application/pdf",
                        "附件正文",
                        false,
                        null)));
    }
}
