package org.gongkai.search;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What search-service reads ({@code gongkai.search.*}).
 *
 * @param index         the read alias searched; default {@code notices} (never a concrete {@code notices-vN}: the
 *                      alias moves when the index is rebuilt)
 * @param healthTimeout how long the readiness check waits for Elasticsearch; default 3s
 */
@Validated
@ConfigurationProperties("gongkai.search")
public record SearchProperties(
        @DefaultValue("notices") @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9._-]*")
        String index,

        @DefaultValue("3s") @NotNull Duration healthTimeout) {}
