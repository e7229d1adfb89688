package org.gongkai.analysis.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

/** Document numbers in every bracket form, width and script give one and the same token. */
class IdentifierAnalyzerTest {

    private final Analyzer analyzer = new IdentifierAnalyzer();

    @Test
    void everyBracketFormGivesTheOfficialForm() {
        List<String> forms = List.of(
                "国办发〔2024〕12号",
                "国办发[2024]12号",
                "国办发(2024)12号",
                "国办发（2024）12号",
                "国办发【2024】12号",
                "国办发﹝2024﹞12号",
                "国办发［2024］12号",
                "国办发〖2024〗12号",
                "國辦發【2024】12號",
                "国办发 ［２０２４］ １２号",
                "\u3000国办发〔2024〕\u00a012号\t");
        for (String form : forms) {
            Tokens tokens = Tokens.of(analyzer, form);
            assertThat(tokens.terms()).as(form).containsExactly("国办发〔2024〕12号");
            assertThat(tokens.tokens().get(0).end()).as(form).isLessThanOrEqualTo(form.length());
        }
    }

    @Test
    void lowerCasesLatinAndKeepsOtherPunctuation() {
        assertThat(Tokens.of(analyzer, "ＮＣＳＤＨＱ-2023/0013").terms()).containsExactly("ncsdhq-2023/0013");
        assertThat(Tokens.of(analyzer, "京政办发〔2023〕第5号").terms()).containsExactly("京政办发〔2023〕第5号");
        assertThat(analyzer.normalize("field", "國辦發[2024] 12號").utf8ToString()).isEqualTo("国办发〔2024〕12号");
    }
}
