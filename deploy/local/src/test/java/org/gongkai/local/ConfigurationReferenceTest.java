package org.gongkai.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is what the code generates: the build fails when a properties record changed and the
 * reference was not regenerated (or the reference was edited by hand). With {@code -Dgongkai.reference.write=true}
 * it writes the reference instead.
 */
class ConfigurationReferenceTest {

    private static final Path REPO =
            Path.of(System.getProperty("gongkai.repo", "../..")).toAbsolutePath();
    private static final Path DOC = REPO.resolve("docs/configuration.md");

    @Test
    void committedReferenceIsWhatThePropertiesRecordsGenerate() throws Exception {
        String generated = new ConfigurationReference(REPO).render();
        if (Boolean.getBoolean("gongkai.reference.write")) {
            Files.writeString(DOC, generated);
            return;
        }
        String committed = Files.isRegularFile(DOC) ? Files.readString(DOC) : "";
        if (!committed.equals(generated)) {
            fail(DOC + " differs from what the @ConfigurationProperties records generate. Regenerate it with\n  "
                    + ConfigurationReference.REGENERATE + "\nand commit it.");
        }
    }

    @Test
    void everyServicePropertyPrefixIsInTheReferenceWithItsJavadocAndDefault() {
        String generated = new ConfigurationReference(REPO).render();

        assertThat(generated)
                .contains("## `event-contract`", "## `ingest-service`", "## `index-service`", "## `search-service`")
                .contains("## `enrich-service`", "## `index-service/elasticsearch-connection`")
                // a description from a record's @param, with {@code} turned into Markdown, and its @DefaultValue
                .containsPattern(
                        "\\| `gongkai\\.topics\\.partitions` \\| Integer \\| `6` \\| partitions of every topic.*\\|")
                .containsPattern("\\| `gongkai\\.index\\.bulk\\.initial-backoff` \\| Duration \\| `200ms` \\| .+ \\|")
                .doesNotContain("{@code");
    }

    @Test
    void typesLoseTheirPackagesAndJavadocTagsBecomeCode() {
        assertThat(ConfigurationReference.simpleName("java.util.List<java.lang.String>"))
                .isEqualTo("List<String>");
        assertThat(ConfigurationReference.simpleName("org.gongkai.index.IndexProperties$Bulk"))
                .isEqualTo("IndexProperties.Bulk");
        assertThat(ConfigurationReference.javadoc("see {@link #toString()} and {@code a.b}"))
                .isEqualTo("see `toString()` and `a.b`");
    }
}
