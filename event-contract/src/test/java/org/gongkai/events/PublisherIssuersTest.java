package org.gongkai.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.gongkai.events.EnrichedNotice.Publisher;
import org.junit.jupiter.api.Test;

class PublisherIssuersTest {

    @Test
    void aJointNoticeHasEachIssuerInOrder() {
        assertThat(Publisher.issuers("财政部、税务总局")).containsExactly("财政部", "税务总局");
    }

    @Test
    void aSingleIssuerIsItsWholeName() {
        assertThat(Publisher.issuers("南昌市东湖区退役军人事务局")).containsExactly("南昌市东湖区退役军人事务局");
    }

    @Test
    void noNameHasNoIssuersAndRepeatsOrEmptyPartsAreDropped() {
        assertThat(Publisher.issuers(null)).isEmpty();
        assertThat(Publisher.issuers(" ")).isEmpty();
        assertThat(Publisher.issuers("民政部、、教育部、民政部")).containsExactly("民政部", "教育部");
    }
}
