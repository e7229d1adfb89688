package org.gongkai.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo portal's disclosure catalogue ({@code /gkml/}): notices kept as data in the class-path resource
 * {@value #RESOURCE} and rendered at request time ({@link CataloguePages}) into TRS-style pages — a metadata table (索引号, 主题分类, 体裁,
 * 发布机构, 成文日期, 发布日期, 文号, 有效性, 公开方式, 标题, 公开范围, 主题词) above a {@code .TRS_Editor} body — and
 * into list pages {@code index.html}, {@code index_1.html} … of {@value #PAGE_SIZE} notices each, newest first,
 * paged by the {@code createPageHTML(total, current, "index", "html")} script.
 *
 * <p>Notices marked {@code "script": "traditional"} are written in Traditional characters and get Traditional
 * labels (索引號, 發布機構 …), as a portal's Traditional edition would. Immutable and thread-safe.
 */
public final class DemoCatalogue {

    /** Class-path resource holding the catalogue (a JSON array of notices). */
    public static final String RESOURCE = "/demo-portal/catalogue.json";

    /** Path of the first list page. */
    public static final String LIST_PATH = "/gkml/index.html";

    /** Notices per list page. */
    public static final int PAGE_SIZE = 20;

    private static final Pattern LIST_PAGE = Pattern.compile("/gkml/index(?:_(\\d+))?\\.html");

    /**
     * One notice of the catalogue.
     *
     * @param path           path on the portal, {@code /gkml/YYYYMM/tYYYYMMDD_N.html}
     * @param title          title as published
     * @param publisher      发布机构
     * @param indexNumber    索引号
     * @param subject        主题分类, {@code 一级\二级}
     * @param genre          体裁, or null (then the page leaves the cell empty)
     * @param documentNumber 文号 as published, or null
     * @param writtenAt      成文日期, {@code yyyy-MM-dd}
     * @param publishedAt    发布日期, {@code yyyy-MM-dd HH:mm}
     * @param validity       有效性: 有效, 失效 or 废止
     * @param keywords       主题词, or null
     * @param traditional    whether the notice is written in Traditional characters
     * @param body           the body's paragraphs
     */
    public record Notice(
            String path,
            String title,
            String publisher,
            String indexNumber,
            String subject,
            String genre,
            String documentNumber,
            String writtenAt,
            String publishedAt,
            String validity,
            String keywords,
            boolean traditional,
            List<String> body) {

        public Notice {
            body = List.copyOf(body);
        }
    }

    private static final DemoCatalogue SHIPPED = load();

    private final List<Notice> notices;
    private final Map<String, Notice> byPath;

    DemoCatalogue(List<Notice> notices) {
        List<Notice> sorted = new ArrayList<>(notices);
        sorted.sort(Comparator.comparing(Notice::publishedAt).reversed().thenComparing(Notice::path));
        this.notices = List.copyOf(sorted);
        Map<String, Notice> paths = new LinkedHashMap<>();
        for (Notice notice : this.notices) {
            if (!notice.path().startsWith("/gkml/")
                    || LIST_PAGE.matcher(notice.path()).matches()) {
                throw new IllegalStateException("catalogue notice outside /gkml/ or at a list path: " + notice.path());
            }
            if (paths.put(notice.path(), notice) != null) {
                throw new IllegalStateException("two catalogue notices at " + notice.path());
            }
        }
        this.byPath = Map.copyOf(paths);
    }

    /** The catalogue shipped in {@value #RESOURCE}, read once. */
    public static DemoCatalogue shipped() {
        return SHIPPED;
    }

    private static DemoCatalogue load() {
        try (InputStream in = DemoCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + RESOURCE);
            }
            JsonNode array = JsonMapper.builder().build().readTree(in);
            List<Notice> notices = new ArrayList<>();
            for (JsonNode n : array) {
                List<String> body = new ArrayList<>();
                n.path("body").forEach(p -> body.add(p.asString()));
                notices.add(new Notice(
                        required(n, "path"),
                        required(n, "title"),
                        required(n, "publisher"),
                        required(n, "indexNumber"),
                        required(n, "subject"),
                        optional(n, "genre"),
                        optional(n, "documentNumber"),
                        required(n, "writtenAt"),
                        required(n, "publishedAt"),
                        required(n, "validity"),
                        optional(n, "keywords"),
                        "traditional".equals(optional(n, "script")),
                        body));
            }
            return new DemoCatalogue(notices);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static String required(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null) {
            throw new IllegalStateException("catalogue notice without " + field + ": " + node);
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    /** The notices, newest first. */
    public List<Notice> notices() {
        return notices;
    }

    /** Number of list pages. */
    public int pageCount() {
        return Math.max(1, (notices.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    /** The HTML of the catalogue page at {@code path} (a list page or a notice), empty when there is none. */
    public Optional<String> page(String path) {
        Matcher list = LIST_PAGE.matcher(path);
        if (list.matches()) {
            int page = list.group(1) == null ? 0 : Integer.parseInt(list.group(1));
            // index_0.html is not part of the TRS series: index.html is the first page.
            return page < pageCount() && !"0".equals(list.group(1))
                    ? Optional.of(CataloguePages.list(notices, page, pageCount()))
                    : Optional.empty();
        }
        return Optional.ofNullable(byPath.get(path)).map(CataloguePages::notice);
    }
}
