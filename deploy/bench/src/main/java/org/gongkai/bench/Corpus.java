package org.gongkai.bench;

import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gongkai.testsupport.NoticePages;
import tools.jackson.databind.JsonNode;

/**
 * The benchmark's corpus: notice pages of about 2,000 Chinese characters made of the real notices' text ({@code
 * real-notices/notices.jsonl}: bodies concatenated from a random start until long enough, with the first notice's title
 * and metadata), deterministic for a seed. The pages mix three CMS templates (test-support's {@link NoticePages}: a TRS
 * metadata table, a {@code label：value} list, {@code div} rows), every fourth page is GBK-encoded (declared in its
 * {@code <meta>} only, as many portals do), every tenth page is a Traditional mirror copy of the page before it
 * (ICU4J's Simplified-Traditional transliterator), and every 25th notice links a small DOCX. Notices are dealt
 * round-robin to the sites; each site has list pages {@code <prefix>/index.html}, {@code index_1.html}, … of 100 links
 * with a 下一页 link. Not thread-safe while generating; the result is immutable.
 */
public final class Corpus {

    /** A served resource: its bytes and Content-Type (HTML without a charset parameter). */
    public record Page(byte[] body, String contentType) {}

    /** One site's pages by path, and its first list page's path. */
    public record Site(Map<String, Page> pages, String listPath, int notices) {}

    static final int LINKS_PER_LIST_PAGE = 100;
    private static final Charset GBK = Charset.forName("GB18030");
    private static final String DOCX = "/demo-portal/art/2023/9/1/W020230901123456.docx";

    private final List<JsonNode> real;
    /** The real notices' bodies, as {@link NoticePages#paragraphs} takes them. */
    private final List<String> bodies;

    private final Transliterator toTraditional = Transliterator.getInstance("Simplified-Traditional");
    private final byte[] docx;

    private Corpus(List<JsonNode> real) {
        this.real = real;
        this.bodies = real.stream().map(n -> n.path("body").asString()).toList();
        try (InputStream in = Corpus.class.getResourceAsStream(DOCX)) {
            this.docx = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the real notices ({@code notices.jsonl}, one JSON object a line with title and body). */
    public static Corpus fromRealNotices(Path jsonl) {
        try {
            List<JsonNode> notices = NoticePages.realNotices(jsonl);
            if (notices.isEmpty()) {
                throw new IllegalArgumentException("no notices in " + jsonl);
            }
            return new Corpus(notices);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the real notices " + jsonl, e);
        }
    }

    /**
     * One notice of the corpus as {@link #forEachNotice} deals it: its number, site, path, text, whether it is served
     * as GBK, its attachment's path (or {@code null}), and for a Traditional mirror copy the notice it copies (then
     * {@code text} is the copied notice's).
     */
    public record Notice(
            int number, int site, String path, NoticePages.Text text, boolean gbk, String attachment, Notice mirrorOf) {
        boolean mirror() {
            return mirrorOf != null;
        }
    }

    /**
     * Deals {@code count} notices (mirror copies included) to {@code sites} sites under {@code prefix} as
     * {@link #generate} does (same seed, same notices), without building pages: the document generator of
     * {@link IndexScaling} and the pages both come from here.
     */
    public void forEachNotice(
            String prefix, int count, int sites, long seed, java.util.function.Consumer<Notice> sink) {
        Random random = new Random(seed);
        Notice previous = null;
        for (int i = 0; i < count; i++) {
            int site = i % sites;
            if (i % 10 == 9 && previous != null) {
                sink.accept(
                        new Notice(i, site, prefix + "/fanti/t" + i + ".html", previous.text(), false, null, previous));
            } else {
                int month = 1 + random.nextInt(12);
                String path = String.format("%s/2024%02d/t2024%02d%02d_%d.html", prefix, month, month, 1 + i % 28, i);
                String attachment = i % 25 == 0 && docx != null ? prefix + "/att/W" + i + ".docx" : null;
                previous = new Notice(i, site, path, text(i, random), i % 4 == 1, attachment, null);
                sink.accept(previous);
            }
        }
    }

    /** Simplified → Traditional, as the mirror copies are made. */
    String toTraditional(String text) {
        return toTraditional.transliterate(text);
    }

    /**
     * Generates {@code count} notice pages (mirror copies included) dealt to {@code sites} sites under
     * {@code prefix} (e.g. {@code /gkml}; another prefix gives other URLs, hence other notice ids).
     */
    public List<Site> generate(String prefix, int count, int sites, long seed) {
        List<Map<String, Page>> pages = new ArrayList<>();
        List<List<String>> links = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            pages.add(new LinkedHashMap<>());
            links.add(new ArrayList<>());
        }
        String[] previousHtml = new String[1];
        forEachNotice(prefix, count, sites, seed, n -> {
            String html;
            Charset charset = StandardCharsets.UTF_8;
            if (n.mirror()) {
                // the mirror is served as UTF-8 whatever its source page was
                html = toTraditional.transliterate(previousHtml[0]
                        .replace("charset=gbk", "charset=utf-8")
                        .replace("charset=\"gbk\"", "charset=\"utf-8\""));
            } else {
                if (n.attachment() != null) {
                    pages.get(n.site())
                            .put(
                                    n.attachment(),
                                    new Page(
                                            docx,
                                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
                }
                html = NoticePages.page(n.number(), n.text(), n.gbk() ? "gbk" : "utf-8", n.attachment());
                charset = n.gbk() ? GBK : StandardCharsets.UTF_8;
                previousHtml[0] = html;
            }
            pages.get(n.site()).put(n.path(), new Page(html.getBytes(charset), "text/html"));
            links.get(n.site()).add(n.path());
        });
        List<Site> result = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            List<String> siteLinks = links.get(s);
            int listPages = Math.max(1, (siteLinks.size() + LINKS_PER_LIST_PAGE - 1) / LINKS_PER_LIST_PAGE);
            for (int p = 0; p < listPages; p++) {
                StringBuilder list = new StringBuilder(
                        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开目录</title></head><body><ul class=\"list\">\n");
                for (String link : siteLinks.subList(
                        p * LINKS_PER_LIST_PAGE, Math.min(siteLinks.size(), (p + 1) * LINKS_PER_LIST_PAGE))) {
                    list.append("<li><a href=\"").append(link).append("\">通知公告</a></li>\n");
                }
                list.append("</ul>");
                if (p + 1 < listPages) {
                    list.append("<a href=\"index_").append(p + 1).append(".html\">下一页</a>");
                }
                list.append("</body></html>");
                String listPath = prefix + (p == 0 ? "/index.html" : "/index_" + p + ".html");
                pages.get(s).put(listPath, new Page(list.toString().getBytes(StandardCharsets.UTF_8), "text/html"));
            }
            result.add(new Site(Map.copyOf(pages.get(s)), prefix + "/index.html", siteLinks.size()));
        }
        return List.copyOf(result);
    }

    private NoticePages.Text text(int i, Random random) {
        int start = random.nextInt(real.size());
        return NoticePages.text(i, real.get(start), NoticePages.paragraphs(bodies, start));
    }
}
