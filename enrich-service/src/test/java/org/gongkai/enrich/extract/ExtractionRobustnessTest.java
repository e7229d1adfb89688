package org.gongkai.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.gongkai.enrich.Fixtures;
import org.gongkai.enrich.pipeline.NoticeEnricher;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EventCodec;
import org.gongkai.testsupport.EventSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random, truncated and hostile input: extraction always returns a valid notice, nothing escapes. */
class ExtractionRobustnessTest {

    private static final List<String> FIXTURES = List.of(
            "fixtures/trs-table.html",
            "fixtures/div-list.html",
            "fixtures/meta-only.html",
            "fixtures/odd-forms.html",
            "fixtures/missing.html",
            "fixtures/mirror.html",
            "seed/000_dfb611d724c5a3ca.txt");

    private static final String[] TOKENS = {
        "<",
        ">",
        "</",
        "/>",
        "<td>",
        "</td>",
        "<tr>",
        "<table>",
        "<p>",
        "</div>",
        "<div class=\"TRS_Editor\">",
        "<br>",
        "<dt>",
        "<dd>",
        "<span>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "&nbsp;",
        "&#x3000;",
        "&#12288;",
        "&",
        "\"",
        "'",
        "=",
        "：",
        ":",
        "|",
        "(",
        ")",
        "（",
        "）",
        "〔",
        "〕",
        "索引号",
        "索引號(hào)",
        "发布机构",
        "成文日期",
        "文号",
        "2023-08-03 11:20",
        "二〇二三年",
        "年",
        "月",
        "日",
        "有效",
        "\u3000",
        " ",
        "\n",
        "\r",
        "\t",
        "\u0000",
        "\uFEFF",
        "\uD83D\uDE00",
        "\uD800",
        "政(zheng)(zheng)府",
        "(hào)",
        "a",
        "中",
        "<meta name=\"PubDate\" content=\"",
        "<title>",
        "</title>",
        "_",
        "-"
    };

    private final NoticeEnricher enricher = new NoticeEnricher("test", Clock.systemUTC(), new SimpleMeterRegistry());

    static Stream<String> truncatedFixtures() {
        return FIXTURES.stream().flatMap(name -> {
            String page = Fixtures.text(name);
            int step = Math.max(1, page.length() / 40);
            return IntStream.iterate(0, i -> i < page.length(), i -> i + step).mapToObj(i -> page.substring(0, i));
        });
    }

    @ParameterizedTest
    @MethodSource("truncatedFixtures")
    void truncatedPages(String page) {
        for (String type : List.of("text/html", "text/plain")) {
            assertEnriches(type, page);
        }
    }

    @Test
    void randomTokenSoup() {
        Random random = new Random(20230803L);
        for (int n = 0; n < 300; n++) {
            StringBuilder page = new StringBuilder();
            int length = random.nextInt(400);
            for (int i = 0; i < length; i++) {
                page.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            assertEnriches(n % 3 == 0 ? "text/plain" : "text/html", page.toString());
        }
    }

    @Test
    void randomCharacters() {
        Random random = new Random(42L);
        for (int n = 0; n < 100; n++) {
            StringBuilder page = new StringBuilder();
            int length = random.nextInt(2000);
            for (int i = 0; i < length; i++) {
                page.append((char) random.nextInt(0x10000));
            }
            assertEnriches(n % 2 == 0 ? "text/plain" : "text/html", page.toString());
        }
    }

    private static final String[] LABELS = {
        "索引号",
        "索 引 號(hào)",
        "主题分类",
        "发布机构",
        "發(fā)布機構",
        "成文日期",
        "发布日期",
        "文号",
        "发文字号",
        "有效性",
        "废止日期",
        "公开方式",
        "公开范围",
        "公开时限",
        "主题词",
        "体裁"
    };
    private static final String[] VALUE_PIECES = {
        "2023",
        "２０２３",
        "-",
        "－",
        "/",
        "／",
        "\\",
        "＼",
        "〔",
        "〕",
        "[",
        "]",
        "(",
        ")",
        "（",
        "）",
        "令",
        "第",
        "号",
        "號",
        "年",
        "月",
        "日",
        "08",
        "31",
        "13",
        ":",
        "　",
        " ",
        "ncsdh",
        "000014349",
        "11360102014512345X",
        "东府发",
        "東府發",
        "有效",
        "废止",
        "失效",
        "主動",
        "公开",
        "面向",
        "社会",
        "申请人",
        "长期",
        "限时",
        "、",
        "，",
        "(zheng)",
        "(hào)",
        "综合政务",
        "綜合政務",
        "\uD86F\uDD77",
        "㠣"
    };

    /** Random values in every canonical field: parsers never throw and parsed parts stay consistent. */
    @Test
    void randomMetadataValues() {
        Random random = new Random(8_03L);
        for (int n = 0; n < 300; n++) {
            StringBuilder page = new StringBuilder();
            for (String label : LABELS) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                StringBuilder value = new StringBuilder();
                int pieces = random.nextInt(8);
                for (int i = 0; i < pieces; i++) {
                    value.append(VALUE_PIECES[random.nextInt(VALUE_PIECES.length)]);
                }
                page.append(label).append(": | ").append(value).append(" |\n");
            }
            page.append("正文第一段。\n");
            String text = page.toString();
            assertThatCode(() -> {
                        EnrichedNotice notice =
                                enricher.enrich(Fixtures.raw("https://www.example.gov.cn/r.html", "text/plain", text));
                        EnrichedNotice.Details d = notice.details();
                        assertThat(d.script()).isIn("simplified", "traditional", "mixed");
                        assertThat(d.identity().key()).matches("[0-9a-f]{16}");
                        if (d.documentNumber() != null
                                && "bracket".equals(d.documentNumber().style())) {
                            assertThat(d.documentNumber().key())
                                    .contains("〔" + d.documentNumber().year() + "〕")
                                    .endsWith(d.documentNumber().serial() + "号");
                        }
                        if (d.indexNumber() != null && d.indexNumber().scheme() != null) {
                            assertThat(d.indexNumber().year()).isBetween(1980, 2100);
                        }
                        EventSchemas.assertValid(
                                EventSchemas.ENRICHED_NOTICE_V1,
                                EventCodec.instance().write(notice));
                    })
                    .as("page %s", text)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void deeplyNestedAndEmptyPages() {
        assertEnriches("text/html", "<div>".repeat(5000) + "索引号：1" + "</div>".repeat(10));
        assertEnriches("text/html", "<table><tr><td>".repeat(2000));
        assertEnriches("text/html", "");
        assertEnriches("text/plain", "");
        assertEnriches("application/pdf", "%PDF-1.7 binary");
        assertEnriches(null, "<html><body><p>x</p></body></html>");
    }

    private void assertEnriches(String contentType, String page) {
        assertThatCode(() -> {
                    EnrichedNotice notice =
                            enricher.enrich(Fixtures.raw("https://www.example.gov.cn/a.html", contentType, page));
                    assertThat(notice.title()).isNotNull();
                    assertThat(notice.body()).isNotNull();
                    EventSchemas.assertValid(
                            EventSchemas.ENRICHED_NOTICE_V1,
                            EventCodec.instance().write(notice));
                })
                .as("content type %s, page %.200s", contentType, page)
                .doesNotThrowAnyException();
    }
}
