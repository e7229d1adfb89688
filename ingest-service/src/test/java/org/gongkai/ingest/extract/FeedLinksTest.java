package org.gongkai.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class FeedLinksTest {

    private final FeedLinks feeds = new FeedLinks();

    private FeedLinks.Parsed parse(String content, String type, String url) throws IOException {
        return feeds.parse(content.getBytes(StandardCharsets.UTF_8), type, URI.create(url));
    }

    @Test
    void sitemapPagesComeNewestFirstSameHostOnlyWithoutAttachments() throws Exception {
        FeedLinks.Parsed parsed = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>http://gov.test/xxgk/202308/t20230803_1001.html</loc><lastmod>2023-08-03</lastmod></url>
                  <url><loc>http://gov.test/xxgk/202311/t20231120_3003.html</loc><lastmod>2023-11-20</lastmod></url>
                  <url><loc>http://gov.test/about.html</loc></url>
                  <url><loc>http://gov.test/files/W020231120.pdf</loc><lastmod>2023-11-21</lastmod></url>
                  <url><loc>http://spam.test/copy.html</loc><lastmod>2024-01-01</lastmod></url>
                </urlset>""", "application/xml", "http://gov.test/sitemap.xml");

        assertThat(parsed.pages())
                .extracting(URI::toString)
                .containsExactly(
                        "http://gov.test/xxgk/202311/t20231120_3003.html",
                        "http://gov.test/xxgk/202308/t20230803_1001.html",
                        "http://gov.test/about.html");
        assertThat(parsed.sitemaps()).isEmpty();
        assertThat(parsed.otherHosts())
                .as("the page on another host told apart, not followed")
                .extracting(URI::toString)
                .containsExactly("http://spam.test/copy.html");
    }

    @Test
    void rssItemsOnAnotherHostAreToldApartButNotTheirAttachments() throws Exception {
        FeedLinks.Parsed parsed = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>信息公开</title><link>http://gov.test/</link>
                  <item><title>本站</title><link>http://gov.test/xxgk/1.html</link></item>
                  <item><title>他站</title><link>http://other.test/doc/2.html</link></item>
                  <item><title>附件</title><link>http://other.test/files/3.pdf</link></item>
                  <item><title>邮件</title><link>mailto:a@other.test</link></item>
                </channel></rss>""", "application/rss+xml", "http://gov.test/rss.xml");

        assertThat(parsed.pages()).extracting(URI::toString).containsExactly("http://gov.test/xxgk/1.html");
        assertThat(parsed.otherHosts()).extracting(URI::toString).containsExactly("http://other.test/doc/2.html");
    }

    @Test
    void aSitemapIndexListsFurtherSitemaps() throws Exception {
        FeedLinks.Parsed parsed = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>http://gov.test/sitemap-2023.xml</loc></sitemap>
                  <sitemap><loc>http://gov.test/sitemap-2022.xml</loc></sitemap>
                </sitemapindex>""", "text/xml", "http://gov.test/sitemap.xml");

        assertThat(parsed.pages()).isEmpty();
        assertThat(parsed.sitemaps())
                .extracting(URI::toString)
                .containsExactlyInAnyOrder("http://gov.test/sitemap-2023.xml", "http://gov.test/sitemap-2022.xml");
    }

    @Test
    void rssItemsAreRead() throws Exception {
        FeedLinks.Parsed parsed = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>信息公开</title><link>http://gov.test/</link>
                  <item><title>旧通知</title><link>http://gov.test/xxgk/old.html</link>
                    <pubDate>Mon, 07 Aug 2023 08:00:00 +0800</pubDate></item>
                  <item><title>新通知</title><link>http://gov.test/xxgk/new.html</link>
                    <pubDate>Mon, 20 Nov 2023 08:00:00 +0800</pubDate></item>
                </channel></rss>""", "application/rss+xml", "http://gov.test/rss.xml");

        assertThat(parsed.pages())
                .extracting(URI::toString)
                .containsExactly("http://gov.test/xxgk/new.html", "http://gov.test/xxgk/old.html");
    }

    @Test
    void atomEntriesAreRead() throws Exception {
        FeedLinks.Parsed parsed = parse("""
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>公告</title>
                  <entry><title>公告一</title><link href="http://gov.test/gg/1.html"/><updated>2023-10-15T00:00:00Z</updated></entry>
                </feed>""", "application/atom+xml", "http://gov.test/atom.xml");

        assertThat(parsed.pages()).extracting(URI::toString).containsExactly("http://gov.test/gg/1.html");
    }

    @Test
    void aTextSitemapIsRead() throws Exception {
        FeedLinks.Parsed parsed =
                parse("http://gov.test/a.html\nhttp://gov.test/b.html\n", "text/plain", "http://gov.test/sitemap.txt");

        assertThat(parsed.pages())
                .extracting(URI::toString)
                .containsExactlyInAnyOrder("http://gov.test/a.html", "http://gov.test/b.html");
    }

    @Test
    void somethingElseIsRejected() {
        assertThatThrownBy(() -> parse("<html><body>no feed</body></html>", "text/html", "http://gov.test/x.html"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aGzippedSitemapIsInflatedWhateverItsContentType() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>http://gov.test/xxgk/a.html</loc></url>
                </urlset>""";
        URI url = URI.create("http://gov.test/sitemap.xml.gz");

        assertThat(feeds.parse(gzip(xml.getBytes(StandardCharsets.UTF_8)), "application/x-gzip", url)
                        .pages())
                .extracting(URI::toString)
                .containsExactly("http://gov.test/xxgk/a.html");
        assertThat(feeds.parse(gzip("http://gov.test/b.html\n".getBytes(StandardCharsets.UTF_8)), "", url)
                        .pages())
                .extracting(URI::toString)
                .containsExactly("http://gov.test/b.html");
    }

    @Test
    void aGzipBombIsRefusedAtTheProtocolsLimitOf50MB() throws Exception {
        // A valid sitemap with a 60 MB comment: about 60 KB on the wire.
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(wire)) {
            gz.write(("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                            + "<url><loc>http://gov.test/a.html</loc></url><!-- ")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] filler = new byte[1 << 20];
            java.util.Arrays.fill(filler, (byte) 'a');
            for (int i = 0; i < 60; i++) {
                gz.write(filler);
            }
            gz.write(" --></urlset>".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(wire.size()).isLessThan(200_000);

        assertThatThrownBy(() ->
                        feeds.parse(wire.toByteArray(), "application/gzip", URI.create("http://gov.test/s.xml.gz")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("inflates to more than " + FeedLinks.MAX_INFLATED_BYTES + " bytes");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
