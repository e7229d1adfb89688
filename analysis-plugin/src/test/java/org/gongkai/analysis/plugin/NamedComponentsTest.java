package org.gongkai.analysis.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.elasticsearch.plugin.analysis.CharFilterFactory;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.analysis.TokenizerFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated {@code named_components.json} (src/build/GenerateNamedComponents.java, run before the tests) lists
 * every {@code @NamedComponent} class, and the names are the ones mappings and portal queries rely on.
 */
class NamedComponentsTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Path NAMED_COMPONENTS = Path.of("target/generated-plugin/named_components.json");

    @Test
    void theFileListsEveryAnnotatedClassUnderItsInterface() throws Exception {
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (Class<?> type : annotatedClasses()) {
            String name = type.getAnnotation(NamedComponent.class).value();
            for (Class<?> api : new Class<?>[] {
                CharFilterFactory.class, TokenFilterFactory.class, TokenizerFactory.class, AnalyzerFactory.class
            }) {
                if (api.isAssignableFrom(type)) {
                    expected.computeIfAbsent(api.getName(), k -> new TreeMap<>())
                            .put(name, type.getName());
                }
            }
            // Elasticsearch instantiates through the single public constructor
            assertThat(Modifier.isPublic(type.getModifiers()))
                    .as(type.getName())
                    .isTrue();
            assertThat(type.getConstructors()).as(type.getName()).hasSize(1);
        }
        assertThat(read()).isEqualTo(expected);
    }

    @Test
    void theNamesAreTheContract() throws IOException {
        assertThat(read())
                .isEqualTo(Map.of(
                        CharFilterFactory.class.getName(),
                        Map.of(
                                "gongkai_fold", FoldCharFilterFactory.class.getName(),
                                "gongkai_identifier_fold", IdentifierFoldCharFilterFactory.class.getName()),
                        TokenFilterFactory.class.getName(),
                        Map.of(
                                "gongkai_cjk_bigram", CjkBigramTokenFilterFactory.class.getName(),
                                "gongkai_lowercase", LowercaseTokenFilterFactory.class.getName()),
                        TokenizerFactory.class.getName(),
                        Map.of("gongkai_keyword", KeywordTokenizerFactory.class.getName()),
                        AnalyzerFactory.class.getName(),
                        Map.of(
                                "gongkai_text_index", TextIndexAnalyzerFactory.class.getName(),
                                "gongkai_text_search", TextSearchAnalyzerFactory.class.getName(),
                                "gongkai_identifier", IdentifierAnalyzerFactory.class.getName())));
    }

    @Test
    void theDescriptorNamesThePlugin() throws IOException {
        Properties descriptor = new Properties();
        try (var in = Files.newInputStream(Path.of("src/plugin/stable-plugin-descriptor.properties"))) {
            descriptor.load(in);
        }
        assertThat(descriptor.getProperty("name")).isEqualTo("gongkai-analysis");
        assertThat(descriptor.stringPropertyNames())
                .containsExactlyInAnyOrder("name", "description", "version", "elasticsearch.version", "java.version");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> read() throws IOException {
        assertThat(NAMED_COMPONENTS).as("generated at process-classes").isRegularFile();
        return new TreeMap<>(JsonMapper.builder().build().readValue(Files.readString(NAMED_COMPONENTS), Map.class));
    }

    private static Iterable<Class<?>> annotatedClasses() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.map(p -> CLASSES.relativize(p).toString())
                    .filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace(java.io.File.separatorChar, '.'))
                    .map(NamedComponentsTest::load)
                    .filter(type -> type.isAnnotationPresent(NamedComponent.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NamedComponentsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
