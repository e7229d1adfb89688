package org.gongkai.events.spring;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the actuator beyond health, info and Prometheus ({@code gongkai.management.*}): the write operations
 * ({@code POST /actuator/crawl/{site}}, {@code POST /actuator/classify}), the crawl overview and health details.
 *
 * @param username       the operator's user name; default {@code operator}
 * @param password       the operator's password, from the environment ({@code GONGKAI_MANAGEMENT_PASSWORD}) or a
 *                       file ({@code spring.config.import=optional:configtree:/run/secrets/} and a file named
 *                       {@code gongkai.management.password}); none by default, and then nobody may. Never logged:
 *                       {@link #toString()} leaves it out and only its hash is kept
 * @param maxRequestBody largest body of a request to the actuator; default 1MB (a request without a declared length
 *                       is refused)
 */
@Validated
@ConfigurationProperties("gongkai.management")
public record ManagementSecurityProperties(
        @DefaultValue("operator") @NotBlank String username,
        String password,
        @DefaultValue("1MB") DataSize maxRequestBody) {

    /** Whether an operator can log in at all. */
    public boolean hasPassword() {
        return password != null && !password.isBlank();
    }

    @Override
    public String toString() {
        return "ManagementSecurityProperties[username=" + username + ", password="
                + (hasPassword() ? "(set)" : "(none)") + ", maxRequestBody=" + maxRequestBody + "]";
    }
}
