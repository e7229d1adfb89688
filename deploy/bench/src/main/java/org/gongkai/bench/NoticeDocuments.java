package org.gongkai.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Enriched notice documents as index-service stores them (the fields of {@code notices-template.json} that
 * enrich-service fills), made from the same notices as the pipeline's pages ({@link Corpus#forEachNotice}, same
 * seed, same text) without crawling and enriching them: the metadata block's values as the extractor reads them
 * (主题分类 split into first and second level, the date as {@code publishedAt} and {@code writtenAt} at +08:00,
 * 文号, 索引号, the labels), the body's paragraphs joined by newlines, the Traditional mirror copies in Traditional
 * characters, and every 25th notice an attachment whose extracted text is the notice's last paragraph (up to 1,000
 * characters). What it cannot know without running enrich-service (identity, flags, the classifier's subject) is left out
 * or taken from the page (subject, genre from the title's last word). Stateless apart from the corpus; not thread-safe (the corpus's transliterator).
 */
final class NoticeDocuments {

    private static final String[] GENRES = {"通知", "意见", "办法", "决定", "公告", "规定", "批复", "方案"};

    private final Corpus corpus;

    NoticeDocuments(Corpus corpus) {
        this.corpus = corpus;
    }

    /** One document: its id, its external version and its {@code _source} JSON. */
    record Document(String id, long version, String json) {}

    /** Deals {@code count} documents of {@code sites} sites (ids as for the pages under {@code prefix}). */
    void generate(String prefix, int count, int sites, long seed, Consumer<Document> sink) {
        Instant base = Instant.parse("2024-06-01T00:00:00Z");
        corpus.forEachNotice(prefix, count, sites, seed, n -> sink.accept(document(n, base)));
    }

    private Document document(Corpus.Notice n, Instant base) {
        var t = n.text();
        String url = "http://127.0.0." + (n.site() + 1) + n.path();
        String id = UUID.nameUUIDFromBytes(url.getBytes(StandardCharsets.UTF_8)).toString();
        String title = t.title();
        String body = String.join("\n", t.paragraphs());
        String publisher = t.publisher();
        if (n.mirror()) {
            title = corpus.toTraditional(title);
            body = corpus.toTraditional(body);
            publisher = corpus.toTraditional(publisher);
        }
        String[] subject = t.subject().split("\\\\", 2);
        String date = t.date().length() == 10 ? t.date() + "T00:00:00+08:00" : null;
        Instant fetched = base.plusSeconds(n.number());
        long version = fetched.toEpochMilli();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("noticeId", id);
        doc.put("url", url);
        doc.put("siteId", "bench-site-" + n.site());
        doc.put("title", title);
        doc.put("body", body);
        doc.put("indexNumber", t.indexNumber());
        doc.put("subjectCategory", t.subject());
        doc.put("publisher", publisher);
        if (date != null) {
            doc.put("writtenAt", date);
            doc.put("publishedAt", date);
            doc.put("year", Integer.parseInt(t.date().substring(0, 4)));
        }
        if (!t.documentNumber().isBlank()) {
            doc.put("documentNumber", t.documentNumber());
            doc.put("documentNumberKey", t.documentNumber().replaceAll("[\\s〔〕\\[\\]（）()]", ""));
        }
        doc.put("validity", "有效");
        doc.put("disclosureMode", "主动公开");
        for (String genre : GENRES) {
            if (t.title().endsWith(genre)) {
                doc.put("genre", genre);
                break;
            }
        }
        doc.put("subjectFirst", subject[0]);
        if (subject.length > 1) {
            doc.put("subjectSecond", subject[1]);
        }
        doc.put("subjectSource", "page");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("索引号", t.indexNumber());
        labels.put("主题分类", t.subject());
        labels.put("发布机构", publisher);
        labels.put("发文日期", t.date());
        labels.put("文号", t.documentNumber());
        labels.put("有效性", "有效");
        doc.put("labels", labels);
        List<Map<String, Object>> attachments = new ArrayList<>();
        if (n.attachment() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("url", "http://127.0.0." + (n.site() + 1) + n.attachment());
            a.put("name", "附件" + n.number() + ".docx");
            a.put("contentType", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            String text = t.paragraphs().get(t.paragraphs().size() - 1);
            a.put("text", text.substring(0, Math.min(1000, text.length())));
            a.put("truncated", false);
            attachments.add(a);
        }
        doc.put("attachments", attachments);
        doc.put("flags", List.of());
        doc.put("enricherVersion", "bench");
        doc.put("fetchedAt", fetched.toString());
        doc.put("enrichedAt", fetched.plusMillis(300).toString());
        doc.put("indexedAt", fetched.plusMillis(900).toString());
        doc.put("version", version);
        return new Document(id, version, Elastic.JSON.writeValueAsString(doc));
    }
}
