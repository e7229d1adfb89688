package org.gongkai.ingest;

import static org.gongkai.ingest.PortalFarm.held;
import static org.gongkai.ingest.PortalFarm.html;
import static org.gongkai.ingest.PortalFarm.list;
import static org.gongkai.ingest.PortalFarm.notice;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.Topics;

/**
 * The list the resume tests (ResumeIT, KillResumeIT) interrupt a crawl in: on {@value #HOST} of a
 * {@link PortalFarm}, {@code /list.html} links notices 1–10 and its next page {@code /list_2.html} notices 11–20;
 * page 2 is held (the request waits) until {@link #servePage2()} or {@link #close()}. And which of the 20 notices
 * are on {@code notices.raw}, read from the real broker.
 *
 * <p>Not thread-safe: the test's thread drives it (the portal's threads only read the pages).
 */
final class TwoPageList implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int NOTICES = 20;

    private final PortalFarm portal;
    private final CountDownLatch page2 = new CountDownLatch(1);

    /**
     * Serves the list, page 2 held, and the 20 notices.
     *
     * @param indexPrefix the notices' 索引号 before their number, e.g. {@code R/2023-000}
     */
    TwoPageList(PortalFarm portal, String indexPrefix) {
        this.portal = portal;
        portal.on(HOST, "/list.html", html(list(notices(1, 10), "/list_2.html")));
        for (int i = 1; i <= NOTICES; i++) {
            portal.on(HOST, "/n/" + i + ".html", html(notice(indexPrefix + i, "通知第" + i + "号")));
        }
        portal.on(HOST, "/list_2.html", held(page2, html(list(notices(11, 20), null))));
    }

    String listUrl() {
        return portal.url(HOST, "/list.html");
    }

    /** Requests of page 2 so far (a held one counts). */
    int page2Hits() {
        return portal.hits(HOST, "/list_2.html");
    }

    /** Serves page 2 at once from now on (a request already held stays held until {@link #close()}). */
    void servePage2() {
        portal.on(HOST, "/list_2.html", html(list(notices(11, 20), null)));
    }

    /** The ids of the 20 notices. */
    Set<String> all() {
        Set<String> ids = new HashSet<>();
        for (int i = 1; i <= NOTICES; i++) {
            ids.add(NoticeIds.fromUrl(portal.url(HOST, "/n/" + i + ".html")));
        }
        return ids;
    }

    /** Keys of this list's notices in {@code notices.raw}, read to its end. */
    Set<String> published() {
        Set<String> ours = all();
        Set<String> found = new HashSet<>();
        IngestApp.readToEnd(Topics.RAW, r -> {
            if (ours.contains(r.key())) {
                found.add(r.key());
            }
        });
        return found;
    }

    /** Releases a held request for page 2. */
    @Override
    public void close() {
        page2.countDown();
    }

    private static List<String> notices(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "/n/" + i + ".html")
                .toList();
    }
}
