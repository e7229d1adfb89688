package org.gongkai.enrich.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notice pages as deploy/bench's corpus makes them (copied: enrich-service's tests cannot depend on deploy/bench):
 * one of three CMS templates around ~2,000 characters of real notice text, for the enrich harnesses.
 */
final class BenchPages {

    static final int TARGET_CHARS = 2_000;

    private BenchPages() {}

    /** The real notices file: {@code configured}, else shared/data's, tried from the working directory and its parent. */
    static Path realNotices(String configured) {
        if (configured != null) {
            return Path.of(configured);
        }
        for (String candidate :
                List.of("../shared/data/real-notices/notices.jsonl", "../../shared/data/real-notices/notices.jsonl")) {
            if (Files.exists(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalArgumentException("no real notices: set -Dgongkai.bench.real-notices=FILE");
    }

    /** The real notices with a body of at least 50 characters, in file order. */
    static List<JsonNode> readReal(Path jsonl) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                if (node.path("body").asString("").length() >= 50) {
                    out.add(node);
                }
            }
        }
        return out;
    }

    /**
     * Page {@code i}: template {@code i % 3} with the metadata of a random real notice and real bodies from it on
     * until ~{@link #TARGET_CHARS} characters.
     */
    static String page(int i, Random random, List<JsonNode> real, String charsetName) {
        int start = random.nextInt(real.size());
        JsonNode first = real.get(start);
        StringBuilder body = new StringBuilder();
        for (int k = 0; body.length() < TARGET_CHARS; k++) {
            for (String paragraph :
                    real.get((start + k) % real.size()).path("body").asString().split("\n")) {
                if (!paragraph.isBlank()) {
                    body.append("<p>").append(escape(paragraph.strip())).append("</p>\n");
                }
            }
        }
        return page(i % 3, first, "bench-" + (i % 97) + "/2024-" + String.format("%05d", i), body, charsetName);
    }

    /** Template {@code template} (0–2) around {@code body} (HTML paragraphs) with {@code notice}'s metadata. */
    static String page(int template, JsonNode notice, String index, CharSequence body, String charsetName) {
        String title = escape(notice.path("title").asString("通知"));
        String publisher = escape(notice.path("publisher").asString("人民政府办公厅"));
        String subject = escape(notice.path("subject_raw").asString("综合政务"));
        String date = notice.path("published").asString("2024-01-15");
        String docNumber = escape(notice.path("document_number").asString(""));
        return switch (template) {
            case 0 -> """
                    <!DOCTYPE html><html lang="zh-CN"><head>
                    <meta http-equiv="Content-Type" content="text/html; charset=%6$s">
                    <meta name="ArticleTitle" content="%1$s"><meta name="PubDate" content="%4$s">
                    <meta name="ContentSource" content="%2$s"><title>%1$s</title></head><body>
                    <div class="xxgk_table"><table class="info-table">
                    <tr><td class="label"><b>索 引 号：</b></td><td>%7$s</td><td class="label"><b>主题分类：</b></td><td>%3$s</td></tr>
                    <tr><td class="label"><b>发布机构：</b></td><td>%2$s</td><td class="label"><b>生成日期：</b></td><td>%4$s</td></tr>
                    <tr><td class="label"><b>文件编号：</b></td><td>%5$s</td><td class="label"><b>有 效 性：</b></td><td>有效</td></tr>
                    </table></div><div class="article"><h1 class="title">%1$s</h1>
                    <div class="TRS_Editor">%8$s</div></div><div class="footer">主办：人民政府办公室</div></body></html>
                    """.formatted(title, publisher, subject, date, docNumber, charsetName, index, body);
            case 1 -> """
                    <!DOCTYPE html><html lang="zh-CN"><head><meta charset="%6$s">
                    <meta name="ArticleTitle" content="%1$s"><title>%1$s</title></head><body>
                    <div class="crumbs">首页 &gt; 政府信息公开 &gt; 通知公告</div><ul class="gk-meta">
                    <li>索引号：%7$s</li><li>主题分类：%3$s</li><li>发布机构：%2$s</li><li>发文日期：%4$s</li>
                    <li>文号：%5$s</li><li>有效性：有效</li></ul>
                    <div id="UCAP-CONTENT">%8$s</div><div class="share-bar">分享：微信 微博</div></body></html>
                    """.formatted(title, publisher, subject, date, docNumber, charsetName, index, body);
            default -> """
                    <!DOCTYPE html><html lang="zh-CN"><head><meta charset="%6$s"><title>%1$s</title></head><body>
                    <div id="header"><a href="/index.html">首页</a></div><div class="xxgk-info">
                    <div class="row"><span class="lab">信息索引号：</span><span>%7$s</span></div>
                    <div class="row"><span class="lab">信息分类：</span><span>%3$s</span></div>
                    <div class="row"><span class="lab">发文机关：</span><span>%2$s</span></div>
                    <div class="row"><span class="lab">发布日期：</span><span>%4$s</span></div>
                    <div class="row"><span class="lab">发文字号：</span><span>%5$s</span></div></div>
                    <div class="article-title"><h1>%1$s</h1></div>
                    <div id="zoom" class="article-content">%8$s</div><div id="footer">版权所有</div></body></html>
                    """.formatted(title, publisher, subject, date, docNumber, charsetName, index, body);
        };
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
