package org.gongkai.index.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import org.junit.jupiter.api.Test;

class ElasticsearchBulkExecutorTest {

    @Test
    void describesTheCauseChainWithLongFieldPreviewsCut() {
        ErrorCause error = ErrorCause.of(e -> e.type("document_parsing_exception")
                .reason("[1:742] failed to parse field [publisher] of type [keyword]. Preview of field's value: '"
                        + "退役军人".repeat(500) + "'")
                .causedBy(c -> c.type("illegal_argument_exception")
                        .reason("Document contains at least one immense term in field=\"publisher\"")));

        String text = ElasticsearchBulkExecutor.describe(error);

        assertThat(text)
                .startsWith("document_parsing_exception: [1:742] failed to parse field [publisher]")
                .endsWith("; caused by illegal_argument_exception: "
                        + "Document contains at least one immense term in field=\"publisher\"");
        assertThat(text.length()).isLessThan(2 * ElasticsearchBulkExecutor.MAX_CAUSE_REASON + 100);
    }
}
