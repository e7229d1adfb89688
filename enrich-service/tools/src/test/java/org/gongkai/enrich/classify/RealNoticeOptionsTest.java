package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RealNoticeOptionsTest {

    @Test
    void bodyCharactersAndFeatureBitsReachTheTrainerOptions() {
        RealNoticeOptions cli = RealNoticeOptions.parse(
                new String[] {"--max-chars", "2000", "--bits", "16", "--version", "v"}, Set.of("--version"), Set.of());

        SubjectTrainer.Options options = cli.trainerOptions("v", 1L);

        assertThat(options.maxChars()).isEqualTo(2000);
        assertThat(options.bits()).isEqualTo(16);
        assertThat(cli.own("--version", null)).isEqualTo("v");
    }

    @Test
    void withoutThemTheTrainerDefaultsHold() {
        SubjectTrainer.Options defaults = SubjectTrainer.Options.defaults("v");

        SubjectTrainer.Options options =
                RealNoticeOptions.parse(new String[0], Set.of(), Set.of()).trainerOptions("v", defaults.seed());

        assertThat(options).isEqualTo(defaults);
    }
}
