package org.gongkai.enrich.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gongkai.events.EnrichedNotice.DocumentNumber;
import org.gongkai.events.EnrichedNotice.IndexNumber;
import org.gongkai.events.EnrichedNotice.SubjectCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven: the parsers of the canonical fields, on the odd forms real sites write. */
class CanonicalFieldsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "~",
            value = {
                "000014349/2017-00110|national|000014349|2017|00110",
                "00001434-9/2017-00110|national|00001434-9|2017|00110",
                "11360102014512345X/2023-00045|national-credit-code|014512345|2023|00045",
                "１１３６０１０２０１４５１２３４５Ｘ／２０２３－０００４５|national-credit-code|014512345|2023|00045",
                "4/2026-00001|local-code|4|2026|00001",
                "ncsdhqtyjrswj--2023-0013|pinyin-initials|ncsdhqtyjrswj|2023|0013",
                "ncsdhqwsjkw/2023-00112|pinyin-initials|ncsdhqwsjkw|2023|00112",
                "20191202-189769|date-serial|~|2019|189769",
                "A0300-010000-2013-000072|segmented|A0300-010000|2013|000072",
                "GA001-综合-2023-0001|segmented|GA001|2023|0001",
                "014503291 / 2023 — 00110|national|014503291|2023|00110",
                "第三批|~|~|~|~",
                "abc/1776-0001|~|~|~|~",
            })
    void indexNumberSchemes(String raw, String scheme, String code, Integer year, String serial) {
        assertThat(IndexNumbers.parse(raw)).isEqualTo(new IndexNumber(raw, scheme, code, year, serial));
    }

    @Test
    void absentIndexNumbers() {
        assertThat(IndexNumbers.parse("")).isNull();
        assertThat(IndexNumbers.parse("无")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "~",
            value = {
                "东府发〔2023〕12号|bracket|东府发|2023|12|东府发〔2023〕12号",
                "东府发[2023]12号|bracket|东府发|2023|12|东府发〔2023〕12号",
                "东府发(2023)12号|bracket|东府发|2023|12|东府发〔2023〕12号",
                "东府发〔2023〕第012号|bracket|东府发|2023|12|东府发〔2023〕12号",
                "東府發〔2023〕12號|bracket|东府发|2023|12|东府发〔2023〕12号",
                "市政府令第219号|order|市政府令|~|219|市政府令第219号",
                "市政府令　第２１９号|order|市政府令|~|219|市政府令第219号",
                "省人民政府令219号|order|省人民政府令|~|219|省人民政府令第219号",
                "东府发2023-12|~|~|~|~|东府发2023-12",
            })
    void documentNumbers(String raw, String style, String agency, Integer year, Integer serial, String key) {
        DocumentNumber parsed = DocumentNumbers.parse(raw);
        assertThat(parsed).isEqualTo(new DocumentNumber(raw, style, agency, year, serial, key));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "~",
            value = {
                "综合政务|综合政务|~",
                "綜合政務|综合政务|~",
                "城乡建设、环境保护\\城市规划|城乡建设、环境保护|城市规划",
                "城乡建设、环境保护／市容环境|城乡建设、环境保护|市容环境",
                "卫生、体育 > 医药管理|卫生、体育|医药管理",
                "\\城市规划|~|城市规划",
            })
    void subjectCategoryLevels(String raw, String first, String second) {
        assertThat(SubjectCategories.parse(raw)).isEqualTo(new SubjectCategory(raw, first, second));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "主动公开|proactive|mode",
                "主動公開|proactive|mode",
                "依申请公开|on_request|mode",
                "不予公开|not_disclosed|mode",
                "其他|unknown|mode",
                "面向全社会|public|scope",
                "面向社会|public|scope",
                "面向申请人|applicant|scope",
                "内部公开|restricted|scope",
                "长期公开|long_term|period",
                "长期 公开|long_term|period",
                "主动  公开|proactive|mode",
                "限时公开|time_limited|period",
                "三个月|unknown|period",
            })
    void disclosureChoices(String raw, String value, String kind) {
        var choice = switch (kind) {
            case "mode" -> Disclosure.mode(raw);
            case "scope" -> Disclosure.scope(raw);
            default -> Disclosure.period(raw);
        };
        assertThat(choice.raw()).isEqualTo(raw);
        assertThat(choice.value()).isEqualTo(value);
        assertThat(Disclosure.mode("无")).isNull();
    }

    @Test
    void publishersKeywordsAndWidths() {
        assertThat(Publishers.parse("南昌市東湖區 退役軍人事務局").normalised()).isEqualTo("南昌市东湖区退役军人事务局");
        assertThat(Publishers.parse("—")).isNull();
        assertThat(Keywords.split("市容、环境卫生；管理办法, 市容")).isEqualTo(List.of("市容", "环境卫生", "管理办法"));
        assertThat(Keywords.split("")).isEmpty();
        assertThat(Widths.fold("ＡＢＣ２０２３／－　索引号：（一）")).isEqualTo("ABC2023/- 索引号：（一）");
        String plain = "索引号：2023";
        assertThat(Widths.fold(plain)).isSameAs(plain);
    }

    @ParameterizedTest
    @CsvSource({
        // joint issues as gov.cn writes them (shared/data/real-notices)
        "'财政部 税务总局', '财政部、税务总局'",
        "'财政部 海关总署 税务总局', '财政部、海关总署、税务总局'",
        "'民政部办公厅　中央网信办秘书局', '民政部办公厅、中央网信办秘书局'",
        "'中共中央 国务院', '中共中央、国务院'",
        "'民政部、教育部；财政部', '民政部、教育部、财政部'",
        // one issuer, spaced for layout or after its place
        "'国 务 院', '国务院'",
        "'国  务  院  办公厅', '国务院办公厅'",
        "'南昌市東湖區 退役軍人事務局', '南昌市东湖区退役军人事务局'",
        "'河北省 人民政府办公厅', '河北省人民政府办公厅'",
        "'教育部 办公厅', '教育部办公厅'",
        "' 国家卫生健康委 ', '国家卫生健康委'"
    })
    void jointPublishersStayApartAndOneSpacedNameStaysWhole(String raw, String normalised) {
        assertThat(Publishers.parse(raw).normalised()).isEqualTo(normalised);
    }

    @Test
    void identityIsSharedAcrossScriptsWidthsAndHostsButNotPublishers() {
        var original = Identities.of("aaaaaaaaaaaaaaaa", "ncsdhqtyjrswj--2023-0013", "南昌市东湖区退役军人事务局", null);
        var mirror = Identities.of("bbbbbbbbbbbbbbbb", "ＮＣＳＤＨＱＴＹＪＲＳＷＪ－－２０２３－００１３", "南昌市东湖区退役军人事务局", "x〔2023〕1号");
        var otherPublisher = Identities.of("cccccccccccccccc", "ncsdhqtyjrswj--2023-0013", "南昌市西湖区退役军人事务局", null);
        assertThat(mirror).isEqualTo(original);
        assertThat(original.basis()).isEqualTo("index_number");
        assertThat(original.key()).matches("[0-9a-f]{16}");
        assertThat(otherPublisher.key()).isNotEqualTo(original.key());

        var byNumber = Identities.of("dddddddddddddddd", null, "东湖区人民政府", "东府发〔2023〕12号");
        var byNumberCopy = Identities.of("eeeeeeeeeeeeeeee", "无", "东湖区人民政府", "东府发〔2023〕12号");
        assertThat(byNumber).isEqualTo(byNumberCopy);
        assertThat(byNumber.basis()).isEqualTo("document_number");
        assertThat(byNumber.key()).isNotEqualTo(original.key());

        var alone = Identities.of("ffffffffffffffff", "ncsdhqtyjrswj--2023-0013", null, null);
        assertThat(alone.key()).isEqualTo("ffffffffffffffff");
        assertThat(alone.basis()).isEqualTo("notice");
    }
}
