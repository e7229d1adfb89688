package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gongkai.events.NoticeIds;
import org.gongkai.local.Services.Service;
import org.gongkai.portal.query.Parameter;
import org.gongkai.portal.query.PortalQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A site declared a mirror ({@code sites[n].mirror: true}), end to end through the services' built jars: a department
 * site and a site republishing its notice byte for byte, both crawled from one loopback portal; the copy's notice id
 * sorts before the original's. The copy is indexed with the flag {@code declared_mirror} and the original's identity,
 * and the portal's full text, catalogue and 文号 lookup show the original with the copy among its copies.
 */
class MirrorSiteE2EIT {

    /** Synthetic notice (unique title, 索引号 and 文号, so no other end-to-end test's notice joins its group). */
    static final String TITLE = "江西省交通运输厅关于镜像站点声明试点公路养护工程的通知";

    static final String NUMBER = "赣交养字〔2026〕918号";

    static final String PAGE = """
            <html><head><title>%s</title></head><body>
            <table><tr><td>索引号：</td><td>014500918/2026-00918</td><td>发布机构：</td><td>江西省交通运输厅</td></tr>
            <tr><td>文号：</td><td>%s</td><td>发布日期：</td><td>2026-11-30</td></tr></table>
            <div class="TRS_Editor"><p>各设区市交通运输局：</p><p>现就镜像站点声明试点公路养护工程有关事项通知如下。</p></div>
            </body></html>
            """.formatted(TITLE, NUMBER);

    @TempDir
    static Path dir;

    static E2eRun run;
    static volatile String copyPath;

    @BeforeAll
    static void startPipeline() throws Exception {
        run = E2eRun.withPortal(dir, MirrorSiteE2EIT::portal, base -> """
                      - id: jtt
                        list-urls: [ "%1$s/dept/list.html" ]
                        allowed-networks: [127.0.0.0/8]
                      - id: portal-copies
                        list-urls: [ "%1$s/copies/list.html" ]
                        allowed-networks: [127.0.0.0/8]
                        mirror: true
                """.formatted(base));
        copyPath = pathSortingBefore(NoticeIds.fromUrl(original()));
        for (Service service : List.of(Service.INDEX, Service.ENRICH)) {
            run.start(service, List.of());
        }
        run.start(
                Service.INGEST,
                List.of("--gongkai.ingest.initial-delay=1s", "--gongkai.ingest.politeness.min-delay=50ms"));
        run.awaitReady();
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (run != null) {
            run.stop(List.of(original(), copy()));
        }
    }

    @Test
    void theCopyFromTheSiteDeclaredAMirrorIsFlaggedAndTheOriginalRepresentsTheNotice() throws Exception {
        JsonNode original = run.awaitIndexed(original());
        JsonNode copy = run.awaitIndexed(copy());
        assertThat(NoticeIds.fromUrl(copy())).as("the copy's id sorts first").isLessThan(NoticeIds.fromUrl(original()));
        assertThat(flags(copy)).contains("declared_mirror");
        assertThat(flags(original)).doesNotContain("declared_mirror");
        assertThat(copy.path("identity").asString())
                .isEqualTo(original.path("identity").asString());
        assertThat(copy.path("body").asString()).isEqualTo(original.path("body").asString());

        List<String> sites = List.of("jtt", "portal-copies"); // other end-to-end tests index into the same alias
        for (PortalQuery query : List.of(
                PortalQuery.load(PortalQuery.FULL_TEXT)
                        .with(Parameter.Q, TITLE)
                        .with(Parameter.SITES, sites)
                        .withFacets(),
                PortalQuery.load(PortalQuery.BROWSE)
                        .with(Parameter.SITES, sites)
                        .withFacets(),
                PortalQuery.load(PortalQuery.DOCUMENT_NUMBER).with(Parameter.DOCUMENT_NUMBER, NUMBER))) {
            JsonNode hits = NoticeSearch.search(query.toJson()).at("/hits/hits");

            assertThat(hits.size()).as(query.toJson()).isEqualTo(1);
            assertThat(hits.at("/0/_id").asString()).as(query.toJson()).isEqualTo(NoticeIds.fromUrl(original()));
            assertThat(StreamSupport.stream(
                                    hits.at("/0/inner_hits/copies/hits/hits").spliterator(), false)
                            .map(h -> h.path("_id").asString())
                            .toList())
                    .containsExactlyInAnyOrder(NoticeIds.fromUrl(original()), NoticeIds.fromUrl(copy()));
        }
    }

    private static List<String> flags(JsonNode doc) {
        return StreamSupport.stream(doc.path("flags").spliterator(), false)
                .map(JsonNode::asString)
                .toList();
    }

    private static String original() {
        return run.base() + "/dept/t20261130_918.html";
    }

    private static String copy() {
        return run.base() + copyPath;
    }

    /** The first of the copy site's candidate paths whose notice id sorts before {@code noticeId}. */
    private static String pathSortingBefore(String noticeId) {
        for (int n = 1; ; n++) {
            String path = "/copies/art_" + n + ".html";
            if (NoticeIds.fromUrl(run.base() + path).compareTo(noticeId) < 0) {
                return path;
            }
        }
    }

    private static void portal(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/dept/list.html" ->
                E2eRun.respond(
                        exchange,
                        "text/html; charset=utf-8",
                        "<ul><li><a href=\"t20261130_918.html\">通知</a></li></ul>");
            case "/copies/list.html" ->
                E2eRun.respond(
                        exchange, "text/html; charset=utf-8", "<ul><li><a href=\"" + copyPath + "\">通知</a></li></ul>");
            case "/dept/t20261130_918.html" -> E2eRun.respond(exchange, "text/html; charset=utf-8", PAGE);
            default -> {
                if (path.equals(copyPath)) {
                    E2eRun.respond(exchange, "text/html; charset=utf-8", PAGE);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        }
    }
}
