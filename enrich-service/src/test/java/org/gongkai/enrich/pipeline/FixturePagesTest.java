package org.gongkai.enrich.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gongkai.enrich.Fixtures;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EnrichedNotice.Metadata;
import org.gongkai.events.EventCodec;
import org.gongkai.events.RawNotice;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: fixture pages in the layouts of real sites, through extraction and normalisation. */
class FixturePagesTest {

    private final NoticeEnricher enricher = new NoticeEnricher(
            "test", Clock.fixed(Instant.parse("2024-05-01T09:00:00Z"), ZoneOffset.UTC), new SimpleMeterRegistry());

    record Case(
            String fixture,
            String contentType,
            String title,
            Metadata metadata,
            Map<String, String> labels,
            List<String> flags,
            List<String> notFlags,
            List<String> bodyStartsWith,
            List<String> bodyContains,
            List<String> bodyExcludes) {

        @Override
        public String toString() {
            return fixture;
        }
    }

    static OffsetDateTime at(String text) {
        return OffsetDateTime.parse(text);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "fixtures/trs-table.html",
                        "text/html",
                        "东湖区人民政府办公室关于印发东湖区2023年城市更新行动实施方案的通知",
                        new Metadata(
                                "014503291/2023-00110",
                                "城乡建设、环境保护\\城市规划",
                                "南昌市东湖区人民政府办公室",
                                at("2023-07-28T00:00+08:00"),
                                at("2023-08-03T11:20+08:00"),
                                "东府办发〔2023〕21号",
                                "东府办发〔2023〕21号",
                                "valid",
                                "主动公开",
                                "面向全社会",
                                null,
                                "通知"),
                        Map.of("索引号", "014503291/2023-00110", "体裁", "通知", "文号", "东府办发〔2023〕21号", "主题词", ""),
                        List.of(),
                        List.of(
                                "no_title",
                                "no_index_number",
                                "no_publisher",
                                "mirror_artefacts",
                                "traditional_script"),
                        List.of("各街道办事处，区政府各部门，区直各单位："),
                        List.of("现印发给你们", "一、总体要求", "历史文化街区保护。"),
                        List.of("索引号", "014503291", "分享到", "打印本页", "主办单位", "首页", "share_title", "当前位置")),
                new Case(
                        "fixtures/div-list.html",
                        "text/html",
                        "鄞州区人民政府关于公布2024年度区级重点建设项目计划的通知",
                        new Metadata(
                                "002935467/2024-00123",
                                "国民经济管理、国有资产监管\\发展规划",
                                "鄞州区人民政府",
                                at("2024-03-12T00:00+08:00"),
                                at("2024-03-15T00:00+08:00"),
                                "鄞政发〔2024〕5号",
                                "鄞政发〔2024〕5号",
                                "valid",
                                null,
                                null,
                                "重点建设项目,计划",
                                "通知"),
                        Map.of("组配分类", "规划计划", "统一编号", "ZJBC01-2024-0012", "来源", "鄞州区发展和改革局", "浏览次数", "1520"),
                        List.of(),
                        List.of("no_title", "no_index_number", "no_publisher", "no_date"),
                        List.of("各镇人民政府、街道办事处，区政府各部门、各直属单位："),
                        List.of("总投资1286亿元", "附件：鄞州区2024年度区级重点建设项目计划表"),
                        List.of("信息索引号", "组配分类", "浏览次数", "政务服务", "打印本页", "主办")),
                new Case(
                        "fixtures/meta-only.html",
                        "text/html",
                        "关于开展2023年度生态环境执法大练兵活动的通告",
                        new Metadata(
                                null,
                                null,
                                "生态环境部执法局",
                                null,
                                at("2023-11-20T09:30+08:00"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                "执法大练兵",
                                "通告"),
                        Map.of(),
                        List.of("no_index_number", "no_metadata"),
                        List.of("no_title", "no_publisher", "no_date"),
                        List.of("为进一步提升生态环境执法队伍能力水平"),
                        List.of("一、活动时间：2023年12月1日至2024年11月30日。", "特此通告。"),
                        List.of("版权所有", "首页")),
                new Case(
                        "fixtures/odd-forms.html",
                        "text/html",
                        "南昌市人民政府关于同意设立东湖产业园区的批复",
                        new Metadata(
                                "A0300-010000-2023-000072",
                                null,
                                "南昌市人民政府",
                                at("2023-07-31T00:00+08:00"),
                                at("2023-08-03T00:00+08:00"),
                                "洪府字[2023]012号",
                                "洪府字〔2023〕12号",
                                "repealed",
                                "主动公开",
                                "面向社会",
                                null,
                                "批复"),
                        Map.of("废止日期", "2025/8/3", "文件编号", "文号：洪府字[2023]012号", "文种", "批复", "公开范围", "面向社会"),
                        List.of(),
                        List.of("no_title", "no_index_number", "no_publisher", "no_date"),
                        List.of("东湖区人民政府："),
                        List.of("现批复如下：\n一、同意设立东湖产业园区", "做好园区建设管理工作。"),
                        List.of("A0300", "主动公开")),
                new Case(
                        "fixtures/missing.html",
                        "text/html",
                        "我区召开防汛工作部署会",
                        new Metadata(null, null, null, null, null, null, null, null, null, null, null, null),
                        Map.of("发布时间", "待定", "点击数", "38"),
                        List.of("no_index_number", "no_publisher", "no_date", "date_unparseable:发布时间"),
                        List.of("no_title", "no_metadata"),
                        List.of("6月5日，我区召开防汛工作部署会"),
                        List.of("确保汛期安全度汛。"),
                        List.of("新闻动态", "安全生产大检查", "点击数")),
                new Case(
                        "fixtures/mirror.html",
                        "text/html",
                        "关于印发东湖区2023年工作要点的通知",
                        new Metadata(
                                "ncsdhqzf--2023-0021",
                                "综合政务",
                                "南昌市东湖区人民政府办公室",
                                at("2023-03-01T00:00+08:00"),
                                null,
                                null,
                                null,
                                "valid",
                                null,
                                null,
                                null,
                                "通知"),
                        Map.of("体裁", "", "发布机构", "南昌市東湖區人民政府辦公室", "生成日期", "2023年3月1日"),
                        List.of("mirror_artefacts", "traditional_script"),
                        List.of("no_title", "no_index_number", "no_publisher", "no_date"),
                        List.of("各街道办事处，区政府各部门："),
                        List.of("现将《东湖区2023年工作要点》印发给你们，请认真贯彻执行。"),
                        List.of("(", "首页", "首頁", "ncsdhqzf")),
                new Case(
                        "fixtures/bare.html",
                        "text/html",
                        "",
                        Metadata.EMPTY,
                        Map.of(),
                        List.of("no_title", "no_metadata", "no_index_number", "no_publisher", "no_date"),
                        List.of("no_body"),
                        List.of("同志们："),
                        List.of("会议指出：要把安全生产放在首位。"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void extractsFixture(Case c) {
        RawNotice raw = Fixtures.raw(
                "https://www.example.gov.cn/xxgk/202308/t20230803_1.html", c.contentType(), Fixtures.text(c.fixture()));

        EnrichedNotice notice = enricher.enrich(raw);

        assertThat(notice.title()).isEqualTo(c.title());
        assertThat(notice.metadata()).isEqualTo(c.metadata());
        assertThat(notice.labels()).containsAllEntriesOf(c.labels());
        assertThat(notice.flags()).containsAll(c.flags()).doesNotContainAnyElementsOf(c.notFlags());
        for (String start : c.bodyStartsWith()) {
            assertThat(notice.body()).startsWith(start);
        }
        assertThat(notice.body()).contains(c.bodyContains());
        for (String excluded : c.bodyExcludes()) {
            assertThat(notice.body()).doesNotContain(excluded);
        }
        assertThat(notice.body().lines())
                .allSatisfy(line -> assertThat(line).isNotBlank().isEqualTo(line.strip()));
        assertThat(notice.attachments()).isEqualTo(raw.attachments());
        assertThat(notice.noticeId()).isEqualTo(raw.noticeId());
        assertThat(notice.version()).isEqualTo(raw.version());
        EventSchemas.assertValid(
                EventSchemas.ENRICHED_NOTICE_V1, EventCodec.instance().write(notice));
    }
}
