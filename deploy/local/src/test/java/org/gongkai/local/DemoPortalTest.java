package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gongkai.local.DemoCatalogue.Notice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoPortalTest {

    static DemoPortal portal;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final DemoCatalogue CATALOGUE = DemoCatalogue.shipped();
    static final Pattern LINK = Pattern.compile("<li><a href=\"\\./(\\d{6}/t\\d{8}_\\d+\\.html)\"");
    static final Pattern SCRIPT = Pattern.compile("createPageHTML\\((\\d+), (\\d+), \"index\", \"html\"\\)");

    @BeforeAll
    static void start() {
        portal = DemoPortal.start(0);
    }

    @AfterAll
    static void stop() {
        portal.close();
    }

    @Test
    void theCatalogueIsVaried() {
        List<Notice> notices = CATALOGUE.notices();
        assertThat(notices).hasSizeGreaterThanOrEqualTo(50);
        assertThat(notices).extracting(n -> n.publishedAt().substring(0, 4)).contains("2019", "2025");
        assertThat(notices).extracting(Notice::validity).contains("有效", "失效", "废止");
        assertThat(notices).filteredOn(Notice::traditional).hasSizeBetween(2, 3);
        assertThat(notices).filteredOn(n -> n.documentNumber() == null).isNotEmpty();
        assertThat(notices)
                .extracting(Notice::documentNumber)
                .anyMatch(d -> d != null && d.contains("〔"))
                .anyMatch(d -> d != null && d.contains("["))
                .anyMatch(d -> d != null && d.contains("（"))
                .anyMatch(d -> d != null && d.contains("令第"));
        assertThat(notices.stream().map(Notice::publisher).distinct().count())
                .as("publishers")
                .isGreaterThanOrEqualTo(20);
        assertThat(notices).extracting(Notice::indexNumber).doesNotHaveDuplicates();
        assertThat(notices).extracting(Notice::title).doesNotHaveDuplicates();
        assertThat(notices).allSatisfy(n -> assertThat(n.body()).hasSizeBetween(4, 12));
        assertThat(notices).extracting(Notice::publishedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void listPagesLinkEveryNoticeOnceTwentyAPageNewestFirst() throws Exception {
        int pages = CATALOGUE.pageCount();
        assertThat(pages).isEqualTo((CATALOGUE.notices().size() + 19) / 20);
        List<String> linked = new ArrayList<>();
        for (int page = 0; page < pages; page++) {
            HttpResponse<String> response = get("/gkml/index" + (page == 0 ? "" : "_" + page) + ".html");
            assertThat(response.statusCode()).isEqualTo(200);
            Matcher script = SCRIPT.matcher(response.body());
            assertThat(script.find()).as("pagination script on page %d", page).isTrue();
            assertThat(script.group(1)).isEqualTo(Integer.toString(pages));
            assertThat(script.group(2)).isEqualTo(Integer.toString(page));
            Matcher link = LINK.matcher(response.body());
            int onPage = 0;
            while (link.find()) {
                linked.add("/gkml/" + link.group(1));
                onPage++;
            }
            assertThat(onPage)
                    .isEqualTo(page < pages - 1 ? 20 : CATALOGUE.notices().size() - 20 * (pages - 1));
        }
        assertThat(linked)
                .containsExactlyElementsOf(
                        CATALOGUE.notices().stream().map(Notice::path).toList());
        assertThat(get("/gkml/index_" + pages + ".html").statusCode()).isEqualTo(404);
        assertThat(get("/gkml/index_0.html").statusCode()).isEqualTo(404);
        assertThat(get("/gkml/202401/t20240101_1.html").statusCode()).isEqualTo(404);
    }

    @Test
    void noticePagesCarryTheMetadataTableAndTheBody() throws Exception {
        Set<String> seen = new HashSet<>();
        for (Notice n : CATALOGUE.notices()) {
            HttpResponse<String> response = get(n.path());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
            String html = response.body();
            assertThat(html)
                    .contains("charset=utf-8")
                    .contains("<td bgcolor=\"#ffffff\">" + n.indexNumber() + "</td>")
                    .contains("<td bgcolor=\"#ffffff\">" + n.publisher() + "</td>")
                    .contains("<td bgcolor=\"#ffffff\">" + n.validity() + "</td>")
                    .contains("<h1 class=\"article_title\">" + n.title() + "</h1>")
                    .contains("<div class=\"TRS_Editor\">")
                    .contains("<p>" + n.body().get(n.body().size() - 1) + "</p>");
            if (n.documentNumber() != null) {
                assertThat(html).contains(">" + n.documentNumber() + "<");
            }
            assertThat(html).contains(n.traditional() ? "發布機構：" : "发布机构：");
            seen.add(n.path());
        }
        assertThat(seen).hasSize(CATALOGUE.notices().size());
    }

    @Test
    void theStaticPagesAreStillServed() throws Exception {
        HttpResponse<String> list = get("/xxgk/index.html");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("/xxgk/202311/t20231120_3003.html");
        HttpResponse<byte[]> gbk = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + portal.port() + "/xxgk/202310/t20231015_2002.html"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(gbk.body(), "GB18030")).contains("公开招聘编外工作人员");
        assertThat(get("/robots.txt").body()).contains("Allow: /");
    }

    @Test
    void listensOnTheAddressItIsGivenOnly() throws Exception {
        // 127.0.0.2 stands for a container's own address: the Compose demo profile binds to all of them.
        try (DemoPortal other = DemoPortal.start(InetAddress.getByName("127.0.0.2"), 0)) {
            HttpResponse<String> there = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + other.port() + "/xxgk/index.html"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(there.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding()))
                    .as("not on 127.0.0.1")
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portal.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
