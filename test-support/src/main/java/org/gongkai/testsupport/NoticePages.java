package org.gongkai.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notice pages as three common CMS templates write them (a TRS metadata table, a {@code label：value} list,
 * {@code div} rows), around about {@value #TARGET_CHARS} characters of real notice text: the pages of deploy/bench's
 * corpus and of enrich-service's {@code EnrichPipelineBenchmark}. Stateless; thread-safe.
 */
public final class NoticePages {

    /** The body length (escaped, with its {@code <p>} tags) a page is filled to. */
    public static final int TARGET_CHARS = 2_000;

    private NoticePages() {}

    /**
     * What a page says besides its body: title, publisher, subject (主题分类 as the page writes it, {@code 一级\二级}),
     * date, 文号 and 索引号, unescaped; and the body's paragraphs.
     */
    public record Text(
            String title,
            String publisher,
            String subject,
            String date,
            String documentNumber,
            String indexNumber,
            List<String> paragraphs) {}

    /**
     * The real notices of {@code jsonl} (one JSON object a line: {@code title}, {@code body} and the metadata
     * {@link #text} reads) whose body has at least 50 characters, in order. Immutable.
     */
    public static List<JsonNode> realNotices(Path jsonl) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> notices = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                if (node.path("body").asString("").length() >= 50) {
                    notices.add(node);
                }
            }
        }
        return List.copyOf(notices);
    }

    /**
     * Page {@code i}'s text: the metadata of the real notice {@code first} (its {@code title}, {@code publisher},
     * {@code subject_raw}, {@code published} and {@code document_number}, each with a default), the index number
     * {@code bench-…} of {@code i}, and {@code paragraphs}.
     */
    public static Text text(int i, JsonNode first, List<String> paragraphs) {
        return new Text(
                first.path("title").asString("通知"),
                first.path("publisher").asString("人民政府办公厅"),
                first.path("subject_raw").asString("综合政务"),
                first.path("published").asString("2024-01-15"),
                first.path("document_number").asString(""),
                "bench-" + (i % 97) + "/2024-" + String.format("%05d", i),
                paragraphs);
    }

    /**
     * The paragraphs (stripped, blank lines left out) of {@code bodies[start]}, {@code bodies[start + 1]}, … (round
     * the list) until the page body they make reaches {@link #TARGET_CHARS}; whole bodies only. Immutable.
     */
    public static List<String> paragraphs(List<String> bodies, int start) {
        List<String> paragraphs = new ArrayList<>();
        int length = 0;
        for (int k = 0; length < TARGET_CHARS; k++) {
            for (String paragraph : bodies.get((start + k) % bodies.size()).split("\n")) {
                if (!paragraph.isBlank()) {
                    paragraphs.add(paragraph.strip());
                    // what it takes in the page: "<p>" + escaped text + "</p>\n"
                    length += escape(paragraph.strip()).length() + 8;
                }
            }
        }
        return List.copyOf(paragraphs);
    }

    /**
     * Page {@code i}: template {@code i % 3}, declaring {@code charsetName} in its {@code <meta>}, with a link to
     * {@code attachment} (a DOCX) unless it is null.
     */
    public static String page(int i, Text text, String charsetName, String attachment) {
        StringBuilder body = new StringBuilder();
        for (String paragraph : text.paragraphs()) {
            body.append("<p>").append(escape(paragraph)).append("</p>\n");
        }
        String title = escape(text.title());
        String publisher = escape(text.publisher());
        String subject = escape(text.subject());
        String date = text.date();
        String docNumber = escape(text.documentNumber());
        String index = text.indexNumber();
        String attachmentLink = attachment == null
                ? ""
                : "<div class=\"fj\">附件：<a href=\"" + attachment + "\">附件" + i + ".docx</a></div>";
        return switch (i % 3) {
            case 0 ->
                """
                    <!DOCTYPE html><html lang="zh-CN"><head>
                    <meta http-equiv="Content-Type" content="text/html; charset=%6$s">
                    <meta name="ArticleTitle" content="%1$s"><meta name="PubDate" content="%4$s">
                    <meta name="ContentSource" content="%2$s"><title>%1$s</title></head><body>
                    <div class="xxgk_table"><table class="info-table">
                    <tr><td class="label"><b>索 引 号：</b></td><td>%7$s</td><td class="label"><b>主题分类：</b></td><td>%3$s</td></tr>
                    <tr><td class="label"><b>发布机构：</b></td><td>%2$s</td><td class="label"><b>生成日期：</b></td><td>%4$s</td></tr>
                    <tr><td class="label"><b>文件编号：</b></td><td>%5$s</td><td class="label"><b>有 效 性：</b></td><td>有效</td></tr>
                    </table></div><div class="article"><h1 class="title">%1$s</h1>
                    <div class="TRS_Editor">%8$s</div></div>%9$s<div class="footer">主办：人民政府办公室</div></body></html>
                    """.formatted(title, publisher, subject, date, docNumber, charsetName, index, body, attachmentLink);
            case 1 ->
                """
                    <!DOCTYPE html><html lang="zh-CN"><head><meta charset="%6$s">
                    <meta name="ArticleTitle" content="%1$s"><title>%1$s</title></head><body>
                    <div class="crumbs">首页 &gt; 政府信息公开 &gt; 通知公告</div><ul class="gk-meta">
                    <li>索引号：%7$s</li><li>主题分类：%3$s</li><li>发布机构：%2$s</li><li>发文日期：%4$s</li>
                    <li>文号：%5$s</li><li>有效性：有效</li></ul>
                    <div id="UCAP-CONTENT">%8$s</div>%9$s<div class="share-bar">分享：微信 微博</div></body></html>
                    """.formatted(title, publisher, subject, date, docNumber, charsetName, index, body, attachmentLink);
            default ->
                """
                    <!DOCTYPE html><html lang="zh-CN"><head><meta charset="%6$s"><title>%1$s</title></head><body>
                    <div id="header"><a href="/index.html">首页</a></div><div class="xxgk-info">
                    <div class="row"><span class="lab">信息索引号：</span><span>%7$s</span></div>
                    <div class="row"><span class="lab">信息分类：</span><span>%3$s</span></div>
                    <div class="row"><span class="lab">发文机关：</span><span>%2$s</span></div>
                    <div class="row"><span class="lab">发布日期：</span><span>%4$s</span></div>
                    <div class="row"><span class="lab">发文字号：</span><span>%5$s</span></div></div>
                    <div class="article-title"><h1>%1$s</h1></div>
                    <div id="zoom" class="article-content">%8$s</div>%9$s<div id="footer">版权所有</div></body></html>
                    """.formatted(title, publisher, subject, date, docNumber, charsetName, index, body, attachmentLink);
        };
    }

    /** HTML escaping of text and attribute values ({@code & < > "}). */
    public static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
