package org.gongkai.enrich.normalise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.gongkai.analysis.fold.ScriptFolding;

/** Keywords (主题词): split on commas, semicolons, 、 and spaces, Simplified, duplicates removed. Thread-safe. */
public final class Keywords {

    private static final Pattern SEPARATORS = Pattern.compile("[,，;；、\\s\\u3000|]+");

    private Keywords() {}

    /** The words of a cleaned value; empty when absent. */
    public static List<String> split(String cleaned) {
        if (Values.isAbsent(cleaned)) {
            return List.of();
        }
        LinkedHashSet<String> words = new LinkedHashSet<>();
        for (String word : SEPARATORS.split(ScriptFolding.standard().fold(Widths.fold(cleaned)))) {
            if (!Values.isAbsent(word)) {
                words.add(word);
            }
        }
        return new ArrayList<>(words);
    }
}
