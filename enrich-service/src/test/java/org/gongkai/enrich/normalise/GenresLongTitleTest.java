package org.gongkai.enrich.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenresLongTitleTest {

    @Test
    void aTitleEndingInThousandsOfBracketsAndStopsKeepsItsGenreWithoutOverflowingTheStack() {
        String title = "东湖区人民政府办公室关于印发城市更新行动实施方案的通知" + "（试行）。".repeat(20_000);

        assertThat(Genres.fromTitle(title)).isEqualTo("通知");
    }

    @Test
    void trailersAreStillRemovedInAnyMix() {
        assertThat(Genres.fromTitle("关于做好防汛工作的通知（征求意见稿）》。 ")).isEqualTo("通知");
        assertThat(Genres.fromTitle("实施办法(试行)")).isEqualTo("办法");
        assertThat(Genres.fromTitle("实施办法（一个超过十二个字符的很长的括号内容啊）")).isNull();
    }
}
