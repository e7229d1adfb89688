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
 * {@value #RESOURCE} and rendered at request time into TRS-style pages — a metadata table (索引号, 主题分类, 体裁,
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
            return page < pageCount() && !"0".equals(list.group(1)) ? Optional.of(listPage(page)) : Optional.empty();
        }
        return Optional.ofNullable(byPath.get(path)).map(DemoCatalogue::noticePage);
    }

    String listPage(int page) {
        StringBuilder html = new StringBuilder(8192);
        html.append("""
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <title>法定主动公开内容_政府信息公开_南昌市东湖区人民政府（演示门户）</title>
                </head>
                <body>
                <div class="header"><a href="/index.html">首页</a> | <a href="/about.html">网站介绍</a></div>
                <div class="position">当前位置：<a href="/index.html">首页</a> &gt; 政府信息公开 &gt; 法定主动公开内容</div>
                <div class="gkml-list">
                <ul>
                """);
        int from = page * PAGE_SIZE;
        for (Notice notice : notices.subList(from, Math.min(notices.size(), from + PAGE_SIZE))) {
            // Relative links, as TRS list pages write them: ./YYYYMM/tYYYYMMDD_N.html
            html.append("  <li><a href=\".")
                    .append(notice.path().substring("/gkml".length()))
                    .append("\" target=\"_blank\" title=\"")
                    .append(escape(notice.title()))
                    .append("\">")
                    .append(escape(notice.title()))
                    .append("</a><span>")
                    .append(notice.publishedAt(), 0, 10)
                    .append("</span></li>\n");
        }
        html.append("</ul>\n<div class=\"page\"><script type=\"text/javascript\">createPageHTML(")
                .append(pageCount())
                .append(", ")
                .append(page)
                .append(", \"index\", \"html\");</script></div>\n</div>\n")
                .append("<div class=\"footer\">主办：东湖区人民政府办公室（演示数据，内容为虚构）</div>\n</body>\n</html>\n");
        return html.toString();
    }

    static String noticePage(Notice n) {
        Labels l = n.traditional() ? Labels.TRADITIONAL : Labels.SIMPLIFIED;
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" ")
                .append("\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
                .append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n")
                .append("<meta name=\"SiteName\" content=\"南昌市东湖区人民政府（演示门户）\" />\n")
                .append("<meta name=\"ColumnName\" content=\"法定主动公开内容\" />\n")
                .append("<meta name=\"ArticleTitle\" content=\"")
                .append(escape(n.title()))
                .append("\" />\n<meta name=\"PubDate\" content=\"")
                .append(n.publishedAt())
                .append("\" />\n<meta name=\"ContentSource\" content=\"")
                .append(escape(n.publisher()))
                .append("\" />\n<title>")
                .append(escape(n.title()))
                .append("_法定主动公开内容_南昌市东湖区人民政府</title>\n</head>\n<body>\n")
                .append("<div class=\"top\"><div class=\"nav\"><ul><li><a href=\"/index.html\">首页</a></li>")
                .append("<li><a href=\"/about.html\">网站介绍</a></li></ul></div></div>\n")
                .append("<div class=\"position\">当前位置：<a href=\"/index.html\">首页</a> &gt; 政府信息公开 &gt; ")
                .append("法定主动公开内容</div>\n<div class=\"xxgk_main\">\n")
                .append(
                        "<table class=\"xxgk_table\" width=\"100%\" border=\"0\" cellspacing=\"1\" cellpadding=\"0\">\n")
                .append("  <tbody>\n  <tr>\n")
                .append(cell(l.indexNumber, n.indexNumber(), 1))
                .append(cell(l.subject, n.subject(), 1))
                .append(cell(l.genre, n.genre(), 1))
                .append("  </tr>\n  <tr>\n")
                .append(cell(l.publisher, n.publisher(), 1))
                .append(cell(l.written, n.writtenAt(), 1))
                .append(cell(l.published, n.publishedAt(), 1))
                .append("  </tr>\n  <tr>\n")
                .append(cell(l.documentNumber, n.documentNumber(), 1))
                .append(cell(l.validity, n.validity(), 1))
                .append(cell(l.mode, l.active, 1))
                .append("  </tr>\n  <tr>\n")
                .append(cell(l.title, n.title(), 5))
                .append("  </tr>\n  <tr>\n")
                .append(cell(l.scope, l.society, 1))
                .append(cell(l.keywords, n.keywords(), 3))
                .append("  </tr>\n  </tbody>\n</table>\n<div class=\"article\">\n  <h1 class=\"article_title\">")
                .append(escape(n.title()))
                .append(
                        "</h1>\n  <div class=\"share\"><span>分享到：</span><a href=\"#\">微信</a><a href=\"#\">微博</a></div>\n")
                .append("  <div class=\"TRS_Editor\">\n");
        for (String paragraph : n.body()) {
            html.append("    <p>").append(escape(paragraph)).append("</p>\n");
        }
        html.append("  </div>\n</div>\n")
                .append("<div class=\"print-bar\">【<a href=\"javascript:window.print()\">打印本页</a>】</div>\n</div>\n")
                .append("<div class=\"footer\"><p>主办单位：南昌市东湖区人民政府办公室（演示数据，内容为虚构）</p></div>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static String cell(String label, String value, int colspan) {
        return "    <td bgcolor=\"#f5f5f5\" align=\"right\"><b>" + label + "</b></td>\n    <td bgcolor=\"#ffffff\""
                + (colspan > 1 ? " colspan=\"" + colspan + "\"" : "") + ">" + (value == null ? "" : escape(value))
                + "</td>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** The metadata labels in the padded forms portals use, in either script. */
    private enum Labels {
        SIMPLIFIED(
                "索 引 号：", "主题分类：", "体　　裁：", "发布机构：", "成文日期：", "发布日期：", "文　　号：", "有 效 性：", "公开方式：", "主动公开", "标　　题：",
                "公开范围：", "面向全社会", "主 题 词："),
        TRADITIONAL(
                "索 引 號：", "主題分類：", "體　　裁：", "發布機構：", "成文日期：", "發布日期：", "文　　號：", "有 效 性：", "公開方式：", "主動公開", "標　　題：",
                "公開範圍：", "面向全社會", "主 題 詞：");

        final String indexNumber;
        final String subject;
        final String genre;
        final String publisher;
        final String written;
        final String published;
        final String documentNumber;
        final String validity;
        final String mode;
        final String active;
        final String title;
        final String scope;
        final String society;
        final String keywords;

        Labels(
                String indexNumber,
                String subject,
                String genre,
                String publisher,
                String written,
                String published,
                String documentNumber,
                String validity,
                String mode,
                String active,
                String title,
                String scope,
                String society,
                String keywords) {
            this.indexNumber = indexNumber;
            this.subject = subject;
            this.genre = genre;
            this.publisher = publisher;
            this.written = written;
            this.published = published;
            this.documentNumber = documentNumber;
            this.validity = validity;
            this.mode = mode;
            this.active = active;
            this.title = title;
            this.scope = scope;
            this.society = society;
            this.keywords = keywords;
        }
    }
}
