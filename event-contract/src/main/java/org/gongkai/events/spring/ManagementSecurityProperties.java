package org.gongkai.events.spring;

import jakarta.validation.constraints.NotBlank;
import java.util.regex.Pattern;
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
 *                       {@link #toString()} leaves it out and only its hash is kept. May be given already hashed,
 *                       in Spring Security's stored form {@code {bcrypt}$2a$NN$…} (kept as it is, so the plain password
 *                       need not be handed to the service; a value that starts with {@code {bcrypt}} and is no bcrypt
 *                       hash is refused at start); any other value is the plain password
 * @param maxRequestBody largest body of a request to the actuator; default 1MB (a request without a declared length
 *                       is refused)
 */
@Validated
@ConfigurationProperties("gongkai.management")
public record ManagementSecurityProperties(
        @DefaultValue("operator") @NotBlank String username,
        String password,
        @DefaultValue("1MB") DataSize maxRequestBody) {

    /** Spring Security's stored form of a bcrypt hash: version, cost, 22 characters of salt and 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    public ManagementSecurityProperties {
        if (password != null
                && password.startsWith("{bcrypt}")
                && !BCRYPT.matcher(password).matches()) {
            throw new IllegalArgumentException(
                    "gongkai.management.password starts with {bcrypt} but is no bcrypt hash ({bcrypt}$2a$NN$ and 53"
                            + " characters)");
        }
    }

    /** Whether the password is given as its bcrypt hash ({@code {bcrypt}…}), to be kept as it is. */
    public boolean passwordIsHash() {
        return password != null && password.startsWith("{bcrypt}");
    }

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
