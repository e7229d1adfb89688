package org.gongkai.local.faultrun;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;
import org.gongkai.events.TestEvents;
import org.gongkai.events.Topics;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bad and the hard records the fault run produces straight to the two topics, each with the outcome issue 14
 * (holes 1–6) asks for: the dead-letter topic of the stage that reads it, or — for the title that used to overflow
 * the stack — the index. Keys are unique per run so the final check can count each record's dead letters.
 *
 * @param kind      what is wrong with it
 * @param topic     where it is produced
 * @param key       record key (the notice id where the value has one)
 * @param value     record value as sent
 * @param deadLetter the dead-letter topic it must reach exactly once, or {@code null} when it must be indexed
 */
record Poison(String kind, String topic, String key, byte[] value, String deadLetter) {

    /** Kafka's limit for one record here: the topics' {@code max.message.bytes} and the producers' request size. */
    static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    static List<Poison> all(String run, Random random) {
        EventCodec codec = EventCodec.instance();
        List<Poison> out = new ArrayList<>();
        String enrichedJson =
                new String(codec.write(enriched("https://poison.example.gov.cn/ok.html", 1)), StandardCharsets.UTF_8);
        for (String topic : List.of(Topics.RAW, Topics.ENRICHED)) {
            String dlt = topic.equals(Topics.RAW) ? Topics.RAW_DLT : Topics.ENRICHED_DLT;
            String stage = topic.equals(Topics.RAW) ? "raw" : "enriched";
            out.add(new Poison(
                    "malformed JSON",
                    topic,
                    key(run, stage, "malformed"),
                    "{\"schemaVersion\":1,\"noticeId\":\"半截".getBytes(StandardCharsets.UTF_8),
                    dlt));
            ObjectNode future = topic.equals(Topics.RAW)
                    ? tree(codec.write(raw(run, "https://poison.example.gov.cn/future.html", "标题", "正文")))
                    : tree(enrichedJson.getBytes(StandardCharsets.UTF_8));
            future.put("schemaVersion", 99);
            out.add(new Poison(
                    "unknown schema version 99", topic, key(run, stage, "schema99"), codec.write(future), dlt));
            ObjectNode missing = future.deepCopy();
            missing.put("schemaVersion", 1);
            missing.remove("url");
            out.add(new Poison(
                    "event missing its url", topic, key(run, stage, "missing-url"), codec.write(missing), dlt));
            out.add(new Poison(
                    "record near the 16 MiB limit (malformed)",
                    topic,
                    key(run, stage, "near-limit"),
                    nearLimit(random),
                    dlt));
        }
        // Valid JSON Elasticsearch would refuse, each caught by index-service before or after the _bulk request.
        for (long version : List.of(-5L, -1L, Long.MAX_VALUE)) {
            EnrichedNotice notice =
                    enriched("https://poison.example.gov.cn/" + run + "/v" + version + ".html", version);
            out.add(new Poison(
                    "version " + version + " out of range",
                    Topics.ENRICHED,
                    notice.noticeId(),
                    codec.write(notice),
                    Topics.ENRICHED_DLT));
        }
        ObjectNode longId = tree(enrichedJson.getBytes(StandardCharsets.UTF_8));
        String id = "x".repeat(600) + run;
        longId.put("noticeId", id);
        out.add(new Poison(
                "id of " + id.length() + " bytes", Topics.ENRICHED, id, codec.write(longId), Topics.ENRICHED_DLT));
        ObjectNode bigKeyword = tree(enrichedJson.getBytes(StandardCharsets.UTF_8));
        String url = "https://poison.example.gov.cn/" + run + "/keyword.html";
        bigKeyword.put("noticeId", NoticeIds.fromUrl(url));
        bigKeyword.put("url", url);
        ((ObjectNode) bigKeyword.path("metadata")).put("publisher", "南昌市东湖区退役军人事务局".repeat(3000));
        out.add(new Poison(
                "keyword value over 32 KB (publisher)",
                Topics.ENRICHED,
                NoticeIds.fromUrl(url),
                codec.write(bigKeyword),
                Topics.ENRICHED_DLT));
        // Hole 1: a title that overflowed the stack in Genres; now it must be enriched and indexed like any notice.
        String deep = "https://poison.example.gov.cn/" + run + "/deep-title.html";
        String title = "东湖区人民政府办公室关于印发城市更新行动实施方案的通知" + "（试行）。".repeat(20_000);
        out.add(new Poison(
                "title that overflowed the stack",
                Topics.RAW,
                NoticeIds.fromUrl(deep),
                codec.write(raw(run, deep, title, "为推进城市更新行动，现将实施方案印发给你们，请认真贯彻执行。")),
                null));
        return out;
    }

    private static String key(String run, String stage, String what) {
        return "poison-" + run + "-" + stage + "-" + what;
    }

    private static ObjectNode tree(byte[] json) {
        return (ObjectNode) EventCodec.instance().mapper().readTree(json);
    }

    /** Not JSON, 16 MiB less 8 KiB: the dead letter (value plus headers) must still fit the topic. */
    private static byte[] nearLimit(Random random) {
        byte[] value = new byte[MAX_RECORD_BYTES - 8 * 1024];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + random.nextInt(26));
        }
        value[0] = '{';
        return value;
    }

    static RawNotice raw(String run, String url, String title, String body) {
        String html = "<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>"
                + "<table><tr><td>索引号：</td><td>POISON-" + run + "</td><td>发布机构：</td><td>东湖区人民政府办公室</td></tr>"
                + "<tr><td>成文日期：</td><td>2023-10-01</td><td>有效性：</td><td>有效</td></tr></table>"
                + "<div class=\"TRS_Editor\"><p>" + body + "</p></div></body></html>";
        return TestEvents.importedHtml(url, "faultrun-poison", html);
    }

    static EnrichedNotice enriched(String url, long version) {
        return new EnrichedNotice(
                EnrichedNotice.SCHEMA_VERSION,
                NoticeIds.fromUrl(url),
                url,
                "faultrun-poison",
                Instant.parse("2026-01-05T02:00:00Z"),
                version,
                "关于做好防汛工作的通知",
                "各乡镇人民政府，区直各单位：现就做好今年防汛工作通知如下。",
                TestEvents.proactivePublic("POISON-0001", "综合政务", "东湖区人民政府办公室", null, null),
                Map.of("索引号", "POISON-0001"),
                List.of(),
                List.of(),
                "faultrun",
                Instant.parse("2026-01-05T02:00:01Z"));
    }
}
