package org.gongkai.ingest.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.gongkai.ingest.fetch.Validators;
import org.junit.jupiter.api.Test;

/** When list pages are asked conditionally, and which validators the next crawl gets. */
class ListRevalidationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final String P1 = "http://a.test/list.html";
    private static final String P2 = "http://a.test/list_2.html";
    private static final Validators V1 = new Validators("\"1\"", null);
    private static final Validators V2 = new Validators(null, "Sun, 01 Mar 2026 08:00:00 GMT");

    private final ListRevalidation daily = new ListRevalidation(Duration.ofDays(1));

    private static CrawlMark complete(Map<String, Validators> lists, Instant fullWalkAt) {
        return new CrawlMark("a", T0, true, lists, fullWalkAt);
    }

    @Test
    void theFirstCrawlIsAFullWalk() {
        ListRevalidation.Plan plan = daily.plan(null, T0);

        assertThat(plan.fullWalk()).isTrue();
        assertThat(plan.validators()).isEmpty();
    }

    @Test
    void afterACompleteCrawlWithinTheIntervalTheListsAreAskedWithTheirValidators() {
        ListRevalidation.Plan plan = daily.plan(complete(Map.of(P1, V1), T0), T0.plus(Duration.ofHours(23)));

        assertThat(plan.fullWalk()).isFalse();
        assertThat(plan.validators()).containsExactly(Map.entry(P1, V1));
    }

    @Test
    void afterAnIncompleteCrawlTheWalkIsFull() {
        CrawlMark incomplete = new CrawlMark("a", T0, false, Map.of(P1, V1), T0);

        assertThat(daily.plan(incomplete, T0.plusSeconds(60)).fullWalk()).isTrue();
    }

    @Test
    void onceTheIntervalHasPassedSinceTheLastFullWalkTheWalkIsFull() {
        assertThat(daily.plan(complete(Map.of(P1, V1), T0), T0.plus(Duration.ofDays(1))))
                .extracting(ListRevalidation.Plan::fullWalk, ListRevalidation.Plan::validators)
                .containsExactly(true, Map.of());
    }

    @Test
    void aMarkFromBeforeValidatorsWereKeptGivesAFullWalk() {
        assertThat(daily.plan(new CrawlMark("a", T0, true), T0.plusSeconds(60)).fullWalk())
                .isTrue();
    }

    @Test
    void aZeroIntervalMakesEveryWalkFull() {
        ListRevalidation never = new ListRevalidation(Duration.ZERO);

        assertThat(never.plan(complete(Map.of(P1, V1), T0), T0.plusSeconds(1)).fullWalk())
                .isTrue();
    }

    @Test
    void aFullWalkKeepsOnlyWhatItsPagesAnsweredAndStartsTheIntervalAgain() {
        Instant now = T0.plus(Duration.ofDays(2));
        ListRevalidation.Plan plan = daily.plan(complete(Map.of(P1, V1, P2, V2), T0), now);

        CrawlMark mark = daily.ended(plan, "a", now, true, true, Map.of(P1, new Validators("\"1b\"", null)));

        assertThat(mark.complete()).isTrue();
        assertThat(mark.lists()).containsExactly(Map.entry(P1, new Validators("\"1b\"", null)));
        assertThat(mark.fullWalkAt()).isEqualTo(now);
    }

    @Test
    void aConditionalWalkKeepsThePagesItDidNotReachAndDropsOnesThatNoLongerSendValidators() {
        Instant now = T0.plus(Duration.ofHours(1));
        ListRevalidation.Plan plan = daily.plan(complete(Map.of(P1, V1, P2, V2), T0), now);

        CrawlMark afterNotModified = daily.ended(plan, "a", now, true, true, Map.of(P1, V1));
        CrawlMark afterNoValidators = daily.ended(plan, "a", now, true, true, Map.of(P1, Validators.NONE));

        assertThat(afterNotModified.lists()).isEqualTo(Map.of(P1, V1, P2, V2));
        assertThat(afterNotModified.fullWalkAt())
                .as("still the last full walk's start")
                .isEqualTo(T0);
        assertThat(afterNoValidators.lists()).isEqualTo(Map.of(P2, V2));
    }

    @Test
    void aCrawlWithAPageItCouldNotRecordLeavesNoValidatorsSoTheNextWalkIsFull() {
        Instant now = T0.plus(Duration.ofHours(1));
        ListRevalidation.Plan plan = daily.plan(complete(Map.of(P1, V1), T0), now);

        CrawlMark unsettled = daily.ended(plan, "a", now, true, false, Map.of(P1, V1));

        assertThat(unsettled.complete()).isTrue();
        assertThat(unsettled.lists()).isEmpty();
        assertThat(daily.plan(unsettled, now.plusSeconds(60)).fullWalk()).isTrue();
    }

    @Test
    void anIncompleteCrawlLeavesNoValidators() {
        ListRevalidation.Plan plan = daily.plan(null, T0);

        CrawlMark mark = daily.ended(plan, "a", T0, false, true, Map.of(P1, V1));

        assertThat(mark.complete()).isFalse();
        assertThat(mark.lists()).isEmpty();
    }
}
