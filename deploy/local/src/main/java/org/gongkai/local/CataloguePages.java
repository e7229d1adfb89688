package org.gongkai.local;

import java.util.List;
import org.gongkai.local.DemoCatalogue.Notice;

/**
 * The HTML of {@link DemoCatalogue}: TRS-style list pages and notice pages, rendered at request time. Stateless and
 * thread-safe.
 */
final class CataloguePages {

    private CataloguePages() {}

    /** List page {@code page} (0 is {@code index.html}) of the notices, newest first, of {@code pageCount}. */
    static String list(List<Notice> notices, int page, int pageCount) {
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
        int from = page * DemoCatalogue.PAGE_SIZE;
        for (Notice notice : notices.subList(from, Math.min(notices.size(), from + DemoCatalogue.PAGE_SIZE))) {
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
                .append(pageCount)
                .append(", ")
                .append(page)
                .append(", \"index\", \"html\");</script></div>\n</div>\n")
                .append("<div class=\"footer\">主办：东湖区人民政府办公室（演示数据，内容为虚构）</div>\n</body>\n</html>\n");
        return html.toString();
    }

    /** A notice's page: the TRS metadata table in the notice's script, then its body. */
    static String notice(Notice n) {
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
