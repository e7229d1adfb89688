package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code start --sites} says of the index it finds (the session 12 trial read an earlier run's count as its own). */
class StartIndexLineTest {

    @Test
    void anIndexFromAnEarlierRunIsToldApartFromThisRunsDocuments() {
        assertThat(StackStatus.ownSitesIndexLine(56, 0, "4 min 2 s"))
                .isEqualTo("the notices index holds 56 documents (4 min 2 s in all): 0 fetched by this run so far,"
                        + " 56 from earlier runs (a notice unchanged since is not published again);"
                        + " your sites are still being crawled");
    }

    @Test
    void documentsOfThisRunAreCountedAsSuch() {
        assertThat(StackStatus.ownSitesIndexLine(60, 4, "9 s"))
                .contains(": 4 fetched by this run so far, 56 from earlier runs");
    }

    @Test
    void anEmptyIndexSaysTheNoticesAreStillToCome() {
        assertThat(StackStatus.ownSitesIndexLine(0, 0, "9 s"))
                .isEqualTo(
                        "the notices index holds 0 documents (9 s in all); your sites' notices arrive as they are crawled");
    }
}
