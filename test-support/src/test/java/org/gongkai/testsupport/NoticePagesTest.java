package org.gongkai.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark corpus's notice pages: whole bodies up to the target length, three templates, escaped text. */
class NoticePagesTest {

    private static final NoticePages.Text TEXT = new NoticePages.Text(
            "关于做好冬季清洁取暖工作的通知",
            "市人民政府办公室",
            "城乡建设、环境保护\\城乡建设",
            "2024-01-15",
            "府办发〔2024〕3号",
            "bench-1/2024-00001",
            List.of("为切实做好今冬清洁取暖工作，现就有关事项通知如下。", "一、<加强>组织领导 & \"压实责任\""));

    @Test
    void realNoticesAreThoseWithABodyOfAtLeastFiftyCharactersInOrder(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("notices.jsonl");
        Files.writeString(
                jsonl,
                String.join(
                        "\n",
                        "{\"title\":\"甲\",\"body\":\"" + "正".repeat(50) + "\"}",
                        "",
                        "{\"title\":\"乙\",\"body\":\"" + "短".repeat(49) + "\"}",
                        "{\"title\":\"丙\"}",
                        "{\"title\":\"丁\",\"body\":\"" + "文".repeat(60) + "\"}"));

        assertThat(NoticePages.realNotices(jsonl))
                .extracting(n -> n.path("title").asString())
                .containsExactly("甲", "丁");
    }

    @Test
    void paragraphsTakeWholeBodiesFromTheStartRoundTheListUntilThePageBodyIsLongEnough() {
        String long1 = "甲".repeat(1_500);
        String long2 = "乙".repeat(1_500);
        List<String> bodies = List.of(long1 + "\n\n  " + long1 + "  ", "丙", long2);

        List<String> paragraphs = NoticePages.paragraphs(bodies, 2);

        // 1,508 characters after the third body: too short, so the first (two paragraphs, blank line left out) follows
        assertThat(paragraphs).containsExactly(long2, long1, long1);
        assertThat(NoticePages.paragraphs(List.of("短"), 0)).hasSize(NoticePages.TARGET_CHARS / 9 + 1);
    }

    @Test
    void aTextTakesTheRealNoticesMetadataWithDefaultsForWhatItLacksAndABenchIndexNumber() {
        var notice = JsonMapper.builder().build().readTree("{\"title\":\"关于印发管理办法的通知\",\"publisher\":\"市人民政府\"}");

        NoticePages.Text text = NoticePages.text(1234, notice, List.of("第一条"));

        assertThat(text)
                .isEqualTo(new NoticePages.Text(
                        "关于印发管理办法的通知", "市人民政府", "综合政务", "2024-01-15", "", "bench-70/2024-01234", List.of("第一条")));
    }

    @Test
    void eachOfTheThreeTemplatesCarriesTheMetadataTheCharsetAndTheEscapedBody() {
        for (int i = 0; i < 3; i++) {
            String page = NoticePages.page(i, TEXT, "gbk", null);

            assertThat(page)
                    .contains("<title>关于做好冬季清洁取暖工作的通知</title>")
                    .contains("市人民政府办公室")
                    .contains("城乡建设、环境保护\\城乡建设")
                    .contains("2024-01-15")
                    .contains("府办发〔2024〕3号")
                    .contains("bench-1/2024-00001")
                    .containsPattern("charset=\"?gbk")
                    .contains("<p>一、&lt;加强&gt;组织领导 &amp; &quot;压实责任&quot;</p>")
                    .doesNotContain("附件：");
        }
        assertThat(List.of(
                        NoticePages.page(0, TEXT, "utf-8", null),
                        NoticePages.page(1, TEXT, "utf-8", null),
                        NoticePages.page(2, TEXT, "utf-8", null)))
                .doesNotHaveDuplicates();
        assertThat(NoticePages.page(3, TEXT, "utf-8", null)).isEqualTo(NoticePages.page(0, TEXT, "utf-8", null));
    }

    @Test
    void anAttachmentIsLinkedOnlyWhenGiven() {
        assertThat(NoticePages.page(25, TEXT, "utf-8", "/gkml/att/W25.docx"))
                .contains("<a href=\"/gkml/att/W25.docx\">附件25.docx</a>");
    }
}
