package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class UniqueNoticeWriterTest {

    @Test
    void keepsTheFirstLineOfEveryIdAndPassesLinesWithoutId() throws Exception {
        StringWriter target = new StringWriter();
        UniqueNoticeWriter out = new UniqueNoticeWriter(target);

        out.write("{\"id\":\"a\",\"title\":\"topic\"}");
        out.write('\n');
        out.write("{\"id\":\"b\"}\n{\"id\":\"a\",\"title\":\"index\"}\n");
        out.write("{\"title\":\"no id\"}\n{\"title\":\"no id\"}\n");
        out.write("{\"id\":\"c\"}");
        out.close();

        assertThat(target.toString())
                .isEqualTo("{\"id\":\"a\",\"title\":\"topic\"}\n{\"id\":\"b\"}\n{\"title\":\"no id\"}\n"
                        + "{\"title\":\"no id\"}\n{\"id\":\"c\"}\n");
        assertThat(out.dropped()).isEqualTo(1);
    }
}
