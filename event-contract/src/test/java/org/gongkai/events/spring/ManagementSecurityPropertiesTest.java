package org.gongkai.events.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
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

    @Test
    void aPlainPasswordIsKeptOnlyAsItsBcryptHash() {
        UserDetails operator = new ManagementSecurityAutoConfiguration()
                .gongkaiOperator(new ManagementSecurityProperties("operator", "s3cret-Value", DataSize.ofMegabytes(1)))
                .loadUserByUsername("operator");

        assertThat(operator.getPassword()).startsWith("{bcrypt}$2a$10$");
        assertThat(DELEGATING.matches("s3cret-Value", operator.getPassword())).isTrue();
    }

    @Test
    void aPasswordGivenAsItsBcryptHashIsKeptAsItIsEvenAfterALoginAndLetsThePlainPasswordIn() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("s3cret-Value");

        UserDetailsService users = new ManagementSecurityAutoConfiguration()
                .gongkaiOperator(new ManagementSecurityProperties("operator", hash, DataSize.ofMegabytes(1)));
        UserDetails operator = users.loadUserByUsername("operator");

        assertThat(operator.getPassword()).isEqualTo(hash);
        assertThat(DELEGATING.matches("s3cret-Value", operator.getPassword())).isTrue();
        // Spring Security upgrades (re-hashes at cost 10) the passwords of a UserDetailsPasswordService on login
        assertThat(users).isNotInstanceOf(UserDetailsPasswordService.class);
        DaoAuthenticationProvider login = new DaoAuthenticationProvider(users);
        login.setPasswordEncoder(DELEGATING);
        assertThat(login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("operator", "s3cret-Value"))
                        .isAuthenticated())
                .isTrue();
        assertThat(users.loadUserByUsername("operator").getPassword()).isEqualTo(hash);
        assertThat(DELEGATING.matches(hash, operator.getPassword())).isFalse();
        assertThat(new ManagementSecurityProperties("operator", hash, DataSize.ofMegabytes(1)).toString())
                .doesNotContain("$2a$");
    }

    @Test
    void aValueThatStartsLikeABcryptHashButIsNoneIsRefused() {
        assertThatThrownBy(
                        () -> new ManagementSecurityProperties("operator", "{bcrypt}s3cret", DataSize.ofMegabytes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no bcrypt hash")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void otherBracedPrefixesArePlainPasswords() {
        ManagementSecurityProperties properties =
                new ManagementSecurityProperties("operator", "{noop}s3cret", DataSize.ofMegabytes(1));

        assertThat(properties.passwordIsHash()).isFalse();
        String stored = new ManagementSecurityAutoConfiguration()
                .gongkaiOperator(properties)
                .loadUserByUsername("operator")
                .getPassword();
        assertThat(stored).startsWith("{bcrypt}");
        assertThat(DELEGATING.matches("{noop}s3cret", stored)).isTrue();
        assertThat(DELEGATING.matches("s3cret", stored)).isFalse();
    }

    private static final PasswordEncoder DELEGATING = PasswordEncoderFactories.createDelegatingPasswordEncoder();
}
