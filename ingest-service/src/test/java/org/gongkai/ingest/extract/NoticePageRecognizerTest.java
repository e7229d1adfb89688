package org.gongkai.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NoticePageRecognizerTest {

    private final NoticePageRecognizer recognizer = new NoticePageRecognizer();

    private NoticePageRecognizer.Recognition recognize(String html) {
        return recognizer.recognize(Jsoup.parse(html, "http://www.dhq.test/"));
    }

    @Test
    void tableWithSpaceAndIdeographicSpacePaddedLabels() {
        var result = recognize("""
                <table>
                  <tr><td><b>索 引 号：</b></td><td>ncsdhqtyjrswj--2023-0013</td>
                      <td><b>主题分类：</b></td><td>综合政务</td></tr>
                  <tr><th>发　布　机　构</th><td>南昌市东湖区退役军人事务局</td>
                      <th>有&nbsp;效&nbsp;性</th><td>有效</td></tr>
                </table>
                <div>正文……</div>
                """);

        assertThat(result.isNotice()).isTrue();
        assertThat(result.countedLabels()).containsExactly("主题分类", "发布机构", "有效性", "索引号");
    }

    @Test
    void bareLabelsWithGlossesPaddingAndBracketsCountAndLongTextWithoutAColonIsSkipped() {
        var result = recognize("""
                <table>
                  <tr><td>【 發　布　機　構(gòu) 】</td><td>南昌市东湖区人民政府办公室</td></tr>
                  <tr><td> 索　引　號(hào)(hào) </td><td>ncsdhqzfb/2023-00301</td></tr>
                </table>
                <p>本通知所称索引号主题分类发布机构成文日期等信息均以原件为准，此段文字很长且没有冒号，不是标签。</p>
                """);

        assertThat(result.countedLabels()).containsExactly("发布机构", "索引号");
        assertThat(NoticePageRecognizer.mayBeBareLabel("【 發　布　機　構(gòu) 】")).isTrue();
        assertThat(NoticePageRecognizer.mayBeBareLabel("本通知所称索引号主题分类发布机构成文日期等信息均以原件为准，此段文字很长且没有冒号不是标签。".repeat(2)))
                .isFalse();
    }

    @Test
    void labelValueLinesInOneElement() {
        var result = recognize("""
                <ul class="gk-meta"><li>索引号：ncsdhqzfb/2023-00301</li><li>文号：东府办字(2023)31号</li></ul>
                <p>发布日期: 2023-11-20 　 公开方式：主动公开</p>
                """);

        assertThat(result.countedLabels()).containsExactly("公开方式", "发布日期", "文号", "索引号");
        assertThat(result.isNotice()).isTrue();
    }

    @Test
    void traditionalLabels() {
        var result = recognize("""
                <table><tr><td>索引號：</td><td>000014349/2017-00110</td></tr>
                <tr><td>主題分類：</td><td>綜合政務</td></tr>
                <tr><td>發布機構：</td><td>東湖區人民政府</td></tr></table>
                """);

        assertThat(result.countedLabels()).containsExactly("主题分类", "发布机构", "索引号");
    }

    @Test
    void mirrorCopyWithPinyinGlossesLikeTheSeed() {
        var result = recognize("""
                <p>索引號(hào): | ncsdhqtyjrswj--2023-0013 | 主題分類(lèi): | 綜合政務(wù) |</p>
                <p>發(fā)布機(jī)構(gòu): | 南昌市東湖區(qū)退役軍人事務(wù)局 | 生成日期: | 2023-08-03 11:20 |</p>
                """);

        assertThat(result.countedLabels()).containsExactly("主题分类", "发布机构", "生成日期", "索引号");
    }

    @Test
    void newsPageWithADateAndASourceIsNotANotice() {
        var result = recognize("""
                <h1>东湖区举办消夏晚会</h1>
                <div class="info">发布日期：2023-08-03　来源：东湖区融媒体中心　浏览次数：1024</div>
                <p>8月2日晚，东湖区在八一广场举办消夏晚会，发布机构和群众共同参与。</p>
                """);

        assertThat(result.isNotice()).isFalse();
        assertThat(result.countedLabels()).containsExactly("发布日期");
    }

    @Test
    void listPageWithHeaderRowAndRepeatedFieldsIsNotANotice() {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            rows.append("<tr><td>ncsdhq/2023-0000")
                    .append(i)
                    .append("</td><td><a href=\"/t")
                    .append(i)
                    .append(".html\">通知")
                    .append(i)
                    .append("</a></td><td>东府发〔2023〕")
                    .append(i)
                    .append("号</td><td>2023-08-0")
                    .append(i)
                    .append("</td></tr>");
        }
        var table = recognize("<table><tr><th>索引号</th><th>标题</th><th>文号</th><th>发布日期</th></tr>" + rows + "</table>");
        var items = recognize(
                "<ul>" + "<li><a href=\"/a.html\">通知</a> 索引号：x/2023-1 发布日期：2023-01-01</li>".repeat(4) + "</ul>");

        assertThat(table.isNotice()).isFalse();
        assertThat(items.isNotice()).isFalse();
        assertThat(items.labels()).containsEntry("索引号", 4);
    }

    @Test
    void labelsInScriptsDoNotCount() {
        var result = recognize("<script>var a = '索引号：1'; var b = '发布机构：x';</script><p>正文</p>");

        assertThat(result.isNotice()).isFalse();
    }

    @Test
    void oneLabelIsNotEnough() {
        assertThat(recognize("<p>索引号：000014349/2017-00110</p><p>正文</p>").isNotice())
                .isFalse();
    }

    /** What the recogniser used to do: the label pattern run over the whole text. */
    private static List<String> wholeTextScan(String text) {
        List<String> labels = new ArrayList<>();
        Matcher matcher = NoticePageRecognizer.LABEL_WITH_COLON.matcher(text);
        while (matcher.find()) {
            labels.add(matcher.group(1));
        }
        return labels;
    }

    @Test
    void theSpaceTestAgreesWithThePatternsSpaceClassOnEveryCharacter() {
        Pattern space = Pattern.compile("[\\s\\u3000\\u00a0\\u2000-\\u200b\\ufeff]");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            assertThat(NoticePageRecognizer.isSpace(c))
                    .as("U+%04X", (int) c)
                    .isEqualTo(space.matcher(String.valueOf(c)).matches());
        }
    }

    @Test
    void labelsBeforeColonsAreFoundAsByAScanOfTheWholeTextInRealNoticesAndMixedText() throws IOException {
        List<String> texts = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        try (InputStream in = getClass().getResourceAsStream("/real-notices/sample.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode notice = json.readTree(line);
                    texts.add(LabelText.normalize(notice.path("body").asString()));
                }
            }
        }
        assertThat(texts).as("real notices").isNotEmpty();
        // Labels, parts of labels, padding, colons and their neighbours in random order: long labels next to short
        // ones that end them (信息索引号 / 索引号), labels after Han characters, letters and digits, padding inside.
        String[] pieces = {
            "索引号", "信息索引号", "索", "引号", "发布", "机构", "发布机构", "发文字号", "文号", "有效性", "主题分类", "成文日期", "：", ":", " ", "\u3000",
            "\u00a0", "\u200b", "\ufeff", "\t", "\n", "的", "为", "a", "Z", "7", "，", "（", "）", "【", "】", "-", "号", "日期",
            "公开", "方式"
        };
        Random random = new Random(17);
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(24); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            texts.add(text.toString());
        }
        int found = 0;
        for (String text : texts) {
            List<String> expected = wholeTextScan(text);
            assertThat(NoticePageRecognizer.labelsWithColon(text)).as(text).isEqualTo(expected);
            found += expected.size();
        }
        assertThat(found).as("labels found over all texts").isGreaterThan(1_000);
    }

    @Test
    void pinyinGlossesAreDroppedAsByThePatternOverTheWholeTextAndBracketsWithoutOneAreKept() {
        Pattern gloss = Pattern.compile("[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}[)）]");
        String[] pieces = {"(", "（", ")", "）", "hào", "gòu", "lǜ", "ḿ", "a", "Z", "号", "一", "1", " ", "。", "索引号"};
        Random random = new Random(29);
        int dropped = 0;
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(16); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String expected = gloss.matcher(text).replaceAll("");
            assertThat(LabelText.normalize(text.toString())).as(text.toString()).isEqualTo(expected);
            dropped += expected.length() < text.length() ? 1 : 0;
        }
        assertThat(dropped).as("texts with a gloss").isGreaterThan(500);
        assertThat(LabelText.normalize("（一）依法（2023）第1号")).isEqualTo("（一）依法（2023）第1号");
    }
}
