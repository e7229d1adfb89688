package org.gongkai.events.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ManagementSecurityPropertiesTest {

    @Test
    void thePasswordNeverAppearsInTheTextOfTheProperties() {
        ManagementSecurityProperties properties =
                new ManagementSecurityProperties("operator", "s3cret-Value", DataSize.ofMegabytes(1));

        assertThat(properties.toString()).doesNotContain("s3cret-Value").contains("(set)");
        assertThat(properties.hasPassword()).isTrue();
        assertThat(new ManagementSecurityProperties("operator", " ", DataSize.ofMegabytes(1)).hasPassword())
                .isFalse();
    }
}
