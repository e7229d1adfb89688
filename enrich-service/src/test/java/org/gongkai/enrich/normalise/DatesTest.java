package org.gongkai.enrich.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2023-08-03 11:20|2023-08-03T11:20+08:00",
                "2023-08-03|2023-08-03T00:00+08:00",
                "2023-8-3|2023-08-03T00:00+08:00",
                "2023年8月3日|2023-08-03T00:00+08:00",
                "2023 年 08 月 03 日|2023-08-03T00:00+08:00",
                "2023/8/3|2023-08-03T00:00+08:00",
                "2023.08.03|2023-08-03T00:00+08:00",
                "2023-08-03 11:20:45|2023-08-03T11:20:45+08:00",
                "2023-08-03T09:05|2023-08-03T09:05+08:00",
                "2023年8月3日 11时20分|2023-08-03T11:20+08:00",
                "２０２３－０８－０３|2023-08-03T00:00+08:00",
                "20230803|2023-08-03T00:00+08:00",
                "二〇二三年八月三日|2023-08-03T00:00+08:00",
                "二〇二三年十二月三十一日|2023-12-31T00:00+08:00",
                "二零二三年十月十日|2023-10-10T00:00+08:00",
                "发布日期：2023-08-03 来源：本网|2023-08-03T00:00+08:00",
            })
    void parses(String value, String expected) {
        assertThat(Dates.parse(value)).contains(OffsetDateTime.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "待定", "2023-02-30", "2023-13-01", "1800-01-01", "2023-08-03 25:00", "长期", "12345"})
    void rejects(String value) {
        assertThat(Dates.parse(value)).isEmpty();
    }
}
