package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gongkai.enrich.classify.RealNotices.RealNotice;

/** Loads the corpora {@link EvaluateOnRealNotices} and {@link InnerCrossValidation} read (UTF-8 JSONL). */
final class RealNoticeCorpora {

    private RealNoticeCorpora() {}

    /**
     * The real notices of {@code file}, or the shipped set when {@code file} is null; {@code skipped[0]} counts those
     * left out (unmappable declaration or mirror).
     */
    static List<RealNotice> real(Path file, DeclaredCategoryMapper mapper, int[] skipped) throws IOException {
        if (file == null) {
            return RealNotices.shipped(mapper, skipped);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return RealNotices.read(reader, mapper, skipped);
        }
    }

    /** The labelled notices of {@code files}, in order (lines that cannot be labelled are left out). */
    static List<LabelledNotice> labelled(List<Path> files, DeclaredCategoryMapper mapper) throws IOException {
        List<LabelledNotice> notices = new ArrayList<>();
        for (Path path : files) {
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                notices.addAll(LabelledNotice.readJsonl(reader, mapper, new int[1]));
            }
        }
        return notices;
    }
}
