package org.gongkai.enrich.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentNumbersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "东府发〔2023〕12号|东府发〔2023〕12号",
                "东府发[2023]12号|东府发〔2023〕12号",
                "东府发(2023)12号|东府发〔2023〕12号",
                "东府发（2023）12号|东府发〔2023〕12号",
                "东府发【2023】12号|东府发〔2023〕12号",
                "东府发［２０２３］１２号|东府发〔2023〕12号",
                "东府发﹝2023﹞012号|东府发〔2023〕12号",
                "东府发 〔 2023 〕 12 号|东府发〔2023〕12号",
                "東府發〔2023〕12號|东府发〔2023〕12号",
                "文号：东府发〔2023〕12号|东府发〔2023〕12号",
                "发文字号:东府发[2023]12号|东府发〔2023〕12号",
                "市政府令第219号|市政府令第219号",
            })
    void foldsToOneKey(String value, String key) {
        assertThat(DocumentNumbers.key(value)).isEqualTo(key);
    }

    @Test
    void absentValuesHaveNoKey() {
        assertThat(DocumentNumbers.key("")).isNull();
        assertThat(DocumentNumbers.key("无")).isNull();
        assertThat(DocumentNumbers.key("—")).isNull();
        assertThat(DocumentNumbers.key(null)).isNull();
    }

    @Test
    void stripsALeadingLabel() {
        assertThat(DocumentNumbers.stripLabel("文号：东府发〔2023〕12号")).isEqualTo("东府发〔2023〕12号");
        assertThat(DocumentNumbers.stripLabel("文件编号东府发〔2023〕12号")).isEqualTo("东府发〔2023〕12号");
        assertThat(DocumentNumbers.stripLabel("东府发〔2023〕12号")).isEqualTo("东府发〔2023〕12号");
    }
}
