package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gongkai.local.Services.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Docker Compose runs each service with the JVM options of {@link JvmOptions}, as the local run does. */
class JvmOptionsTest {

    private static final Path COMPOSE = Path.of("../docker-compose.yml");

    @ParameterizedTest
    @EnumSource(Service.class)
    void composeRunsEveryServiceWithItsJvmOptionsAndEnvironment(Service service) throws IOException {
        Map<String, Object> environment = composeEnvironment(service);

        assertThat(environment.get("JAVA_TOOL_OPTIONS"))
                .as("JAVA_TOOL_OPTIONS of %s in docker-compose.yml (copy JvmOptions.toolOptions)", service.module)
                .isEqualTo(JvmOptions.toolOptions(service));
        JvmOptions.ENVIRONMENT.forEach((name, value) -> assertThat(environment.get(name))
                .as("%s of %s in docker-compose.yml", name, service.module)
                .isEqualTo(value));
    }

    @Test
    void everyServiceHasABoundedHeapMetaspaceAndCodeCacheAndBothCompilers() {
        for (Service service : Service.values()) {
            assertThat(JvmOptions.of(service))
                    .as(service.module)
                    .anyMatch(o -> o.startsWith("-Xmx"))
                    .anyMatch(o -> o.startsWith("-Xms"))
                    .anyMatch(o -> o.startsWith("-XX:MaxMetaspaceSize="))
                    .anyMatch(o -> o.startsWith("-XX:ReservedCodeCacheSize="))
                    .contains("-XX:+ExitOnOutOfMemoryError")
                    .noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel"))
                    .noneMatch(o -> o.startsWith("-XX:MaxRAMPercentage"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeEnvironment(Service service) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        Map<String, Object> compose = new Yaml(options).load(Files.readString(COMPOSE));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> definition = (Map<String, Object>) services.get(service.module);
        assertThat(definition).as("%s in docker-compose.yml", service.module).isNotNull();
        return (Map<String, Object>) definition.getOrDefault("environment", Map.of());
    }
}
