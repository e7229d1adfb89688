package org.gongkai.index;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.NoticeIds;
import org.gongkai.events.RawNotice;

/** Realistic enriched notices for tests, modelled on the seed notice (南昌市东湖区退役军人事务局). */
public final class TestNotices {

    public static final String TITLE = "区委退役军人事务工作领导小组2023年第一次全体会议召开";

    public static final String BODY = "8月2日上午，区委退役军人事务工作领导小组2023年第一次全体会议召开，区委书记高辉红主持会议并讲话，"
            + "区委副书记、区长胡俊峰出席会议并部署工作。\n"
            + "会议书面传达学习了《习近平总书记关于退役军人工作的重要论述摘编（部分）》，区退役军人事务局汇报了2022年工作情况"
            + "及全区退役军人信访稳定工作情况。";

    private TestNotices() {}

    /** A fresh notice URL on the seed's host, so tests do not share documents. */
    /** The operator's password the service tests configure ({@code gongkai.management.password}). */
    public static final String OPERATOR_PASSWORD = "index-it-operator";

    /** Basic authentication of the operator, for health details. */
    public static String operator() {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(
                                ("operator:" + OPERATOR_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static String newUrl() {
        return "http://www.donghu.gov.cn/art/2023/8/3/art_" + UUID.randomUUID() + ".html";
    }

    /** The seed-like notice at {@code url} with {@code version}. */
    public static EnrichedNotice notice(String url, long version) {
        return notice(url, version, TITLE, "南昌市东湖区退役军人事务局");
    }

    public static EnrichedNotice notice(String url, long version, String title, String publisher) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("索引号", "ncsdhqtyjrswj--2023-0013");
        labels.put("主题分类", "综合政务");
        labels.put("发布机构", "南昌市东湖区退役军人事务局");
        labels.put("生成日期", "2023-08-03 11:20");
        labels.put("有效性", "有效");
        return new EnrichedNotice(
                EnrichedNotice.SCHEMA_VERSION,
                NoticeIds.fromUrl(url),
                url,
                "donghu",
                Instant.parse("2026-01-05T02:00:00Z"),
                version,
                title,
                BODY,
                new EnrichedNotice.Metadata(
                        "ncsdhqtyjrswj--2023-0013",
                        "综合政务",
                        publisher,
                        OffsetDateTime.parse("2023-08-03T11:20:00+08:00"),
                        null,
                        null,
                        null,
                        "valid",
                        "主动公开",
                        "面向全社会",
                        null,
                        null),
                labels,
                List.of(new RawNotice.Attachment(
                        url.replace(".html", "_fj.pdf"),
                        "2023年工作要点.pdf",
                        "application/pdf",
                        "区委退役军人事务工作领导小组2023年工作要点",
                        false,
                        null)),
                List.of("no-publish-date"),
                "enrich-test-1",
                Instant.parse("2026-01-05T02:00:01Z"));
    }
}
