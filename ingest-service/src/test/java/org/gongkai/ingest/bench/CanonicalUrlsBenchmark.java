package org.gongkai.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gongkai.events.NoticeIds;
import org.gongkai.ingest.url.CanonicalUrls;

/**
 * A harness that prints figures, not a test: what the crawl's canonical URLs and notice ids cost per linked page,
 * in the order the crawl asks for them (per list page of {@code links} links: each link's key, then the walk's
 * "is it known?" id of each, then per visit the page's id and, for the event, its final URL's canonical form),
 * two ways in alternating rounds on one thread:
 *
 * <ul>
 *   <li>{@code handed on}: as session 7's crawler did: each asked once of {@link NoticeIds}, the walk's ids kept in
 *       a map for the visits and the canonical URL handed to the event;
 *   <li>{@code cache}: each stage asks {@link CanonicalUrls} again.
 * </ul>
 *
 * <p>Synthetic URLs shaped like gov.cn notice URLs, every round new ones; {@code skewed} of every 10 are not
 * canonical as linked (an upper-case host, unsorted query). Figures are warm (the first fifth of the rounds is
 * left out) and the median round's, in the thread's CPU time (the JIT's threads not counted). Run: {@code java -cp <test classpath>
 * org.gongkai.ingest.bench.CanonicalUrlsBenchmark [rounds] [list-pages-per-round] [links] [skewed]}; defaults
 * 200, 50, 20, 2.
 */
public final class CanonicalUrlsBenchmark {

    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    private static long sink;

    public static void main(String[] args) {
        int rounds = arg(args, 0, 200);
        int pages = arg(args, 1, 50);
        int links = arg(args, 2, 20);
        int skewed = arg(args, 3, 2);
        long[] handedOn = new long[rounds];
        long[] cached = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            // alternate which goes first, so drift in the machine's load falls on both
            boolean cacheFirst = r % 2 == 1;
            for (int k = 0; k < 2; k++) {
                boolean cache = (k == 0) == cacheFirst;
                List<String[]> batches = batches(r * 2 + (cache ? 1 : 0), pages, links, skewed);
                long start = THREAD.getCurrentThreadCpuTime();
                for (String[] batch : batches) {
                    if (cache) {
                        cache(batch);
                    } else {
                        handedOn(batch);
                    }
                }
                long perPage = (THREAD.getCurrentThreadCpuTime() - start) / ((long) pages * links);
                (cache ? cached : handedOn)[r] = perPage;
            }
        }
        int warm = rounds / 5;
        System.out.printf(
                "%d rounds x %d list pages x %d links (%d in 10 not canonical as linked), warm median CPU ns a"
                        + " linked page: handed on %d, cache %d (sink %d)%n",
                rounds, pages, links, skewed, median(handedOn, warm), median(cached, warm), sink);
    }

    /** Session 7's crawler: canonicalised by the link extractor, id by the walk (kept), final URL handed on. */
    private static void handedOn(String[] batch) {
        String[] keys = new String[batch.length];
        for (int i = 0; i < batch.length; i++) {
            keys[i] = NoticeIds.canonicalUrl(batch[i]);
        }
        Map<String, String> ids = new HashMap<>();
        for (String key : keys) {
            sink += ids.computeIfAbsent(key, NoticeIds::fromUrl).length();
        }
        for (int i = 0; i < batch.length; i++) {
            String id = ids.remove(keys[i]);
            String noticeId = id != null ? id : NoticeIds.fromUrl(keys[i]);
            String finalUrl = keys[i];
            sink += noticeId.length() + finalUrl.length();
        }
    }

    /** This crawler: every stage asks again. */
    private static void cache(String[] batch) {
        String[] keys = new String[batch.length];
        for (int i = 0; i < batch.length; i++) {
            keys[i] = CanonicalUrls.canonical(batch[i]);
        }
        for (String key : keys) {
            sink += CanonicalUrls.noticeId(key).length();
        }
        for (int i = 0; i < batch.length; i++) {
            String noticeId = CanonicalUrls.noticeId(keys[i]);
            String finalUrl = CanonicalUrls.canonical(batch[i]);
            sink += noticeId.length() + finalUrl.length();
        }
    }

    private static List<String[]> batches(int round, int pages, int links, int skewed) {
        List<String[]> batches = new ArrayList<>(pages);
        for (int p = 0; p < pages; p++) {
            String[] batch = new String[links];
            for (int i = 0; i < links; i++) {
                int n = (round * pages + p) * links + i;
                batch[i] = i % 10 < skewed
                        ? "http://WWW.Site" + (n % 97) + ".gov.cn/module/xxgk/view.jsp?uid=" + n + "&divid=div" + p
                        : "http://www.site" + (n % 97) + ".gov.cn/xxgk/2023" + (p % 12) + "/t20231120_" + n + ".html";
            }
            batches.add(batch);
        }
        return batches;
    }

    private static long median(long[] values, int skip) {
        long[] warm = Arrays.copyOfRange(values, skip, values.length);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
