package org.gongkai.enrich.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the shipped classifier answers on the real notices, as JSON lines: the calibrated probabilities of both
 * levels, the prediction and its top terms, per notice and {@link Variant}. {@link ScoringEquivalenceTest} compares
 * the running code with a recording; {@link #main} writes one (see {@code classify/recorded-predictions.README}).
 *
 * <pre>java -cp … org.gongkai.enrich.classify.RecordedPredictions NOTICES.jsonl OUT.jsonl.gz</pre>
 */
final class RecordedPredictions {

    /** The same notices read three ways, so that every scoring path is exercised. */
    enum Variant {
        /** Title, body, publisher and declared category as published; the recorded settings (0.5, 0.4, 5). */
        DEFAULTS,
        /** As published; thresholds 0 (always a second level) and 10 top terms. */
        OPEN,
        /** Body cut in two, its second half as attachments, no publisher; the recorded settings. */
        ATTACHMENTS
    }

    private static final SubjectClassifier.Settings OPEN = new SubjectClassifier.Settings(0, 0, 10);
    /** The settings the predictions were recorded with (the defaults until session 11). */
    private static final SubjectClassifier.Settings RECORDED = new SubjectClassifier.Settings(0.5, 0.4, 5);

    private RecordedPredictions() {}

    /** The notices of a real-notices JSONL file (fields title, body, publisher, subject_raw, url). */
    static List<JsonNode> notices(Path jsonl) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> notices = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    notices.add(json.readTree(line));
                }
            }
        }
        return notices;
    }

    /** The record of one notice read one way. */
    static ObjectNode record(SubjectModel model, DeclaredCategoryMapper mapper, JsonNode notice, Variant variant) {
        String title = notice.path("title").asString("");
        String body = notice.path("body").asString("");
        String attachments = null;
        String publisher = notice.path("publisher").asString(null);
        String declared = notice.path("subject_raw").asString(null);
        if (variant == Variant.ATTACHMENTS) {
            attachments = body.substring(body.length() / 2);
            body = body.substring(0, body.length() / 2);
            publisher = null;
        }
        SubjectClassifier classifier = new SubjectClassifier(model, mapper, variant == Variant.OPEN ? OPEN : RECORDED);
        SubjectClassification c = classifier.classify(title, body, attachments, publisher, declared);
        ObjectNode out = JsonMapper.builder().build().createObjectNode();
        out.put("url", notice.path("url").asString(""));
        out.put("variant", variant.name());
        PredictedSubject p = c.predicted();
        out.put("node", p.node() == null ? null : p.node().path());
        out.put("candidate", p.candidate());
        out.put("firstScore", p.firstScore());
        out.put("secondScore", p.secondScore());
        out.put("disagreement", c.disagreement());
        ArrayNode terms = out.putArray("topTerms");
        for (TopTerm t : c.topTerms()) {
            terms.addArray().add(t.term()).add(t.weight());
        }
        FeatureVector v = model.features().extract(title, body, attachments, publisher, Agencies.standard());
        ArrayNode first = out.putArray("first");
        ArrayNode second = out.putArray("second");
        if (v.size() > 0) {
            double[] probabilities = model.firstProbabilities(v);
            int best = 0;
            for (int i = 0; i < probabilities.length; i++) {
                first.add(probabilities[i]);
                best = probabilities[i] > probabilities[best] ? i : best;
            }
            double[] q = model.secondProbabilities(v, best);
            if (q != null) {
                for (double x : q) {
                    second.add(x);
                }
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        SubjectModel model = SubjectModel.loadDefault();
        DeclaredCategoryMapper mapper = DeclaredCategoryMapper.standard();
        JsonMapper json = JsonMapper.builder().build();
        try (OutputStream file = Files.newOutputStream(Path.of(args[1]));
                Writer out = new OutputStreamWriter(new GZIPOutputStream(file), StandardCharsets.UTF_8)) {
            for (JsonNode notice : notices(Path.of(args[0]))) {
                for (Variant variant : Variant.values()) {
                    out.write(json.writeValueAsString(record(model, mapper, notice, variant)));
                    out.write('\n');
                }
            }
        }
    }
}
