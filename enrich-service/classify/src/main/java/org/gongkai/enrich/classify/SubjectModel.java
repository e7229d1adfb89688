package org.gongkai.enrich.classify;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A trained subject model: a multinomial logistic regression over {@link TextFeatures} for the first level and,
 * per first-level category, one for its second level; each level's probabilities calibrated by a temperature fitted
 * on held-out data. Artefact format: gzip of {@code GKSM}, format version, model version, feature settings, labels,
 * temperatures and the layers (8-bit weights with a per-row scale). Immutable and thread-safe.
 */
public final class SubjectModel {

    /** Classpath location of the model shipped with the service. */
    public static final String DEFAULT_RESOURCE = "/classify/subject-model.bin.gz";

    private static final int MAGIC = 0x474B534D; // "GKSM"
    /**
     * Format 5 (session 10): the addressee block's weight, the mentioned-agency block's and the scope keyword value
     * after the other four block weights, written only for a model with either of the latter two; format 4: the
     * addressee block's weight after the other four, written only for a model with an addressee block (a model
     * with none of these is written as format 3, byte for byte as before); format 3 (four block
     * weights) and 2 (three block weights, no keyword features) are still read; format 1 had one block.
     */
    private static final int FORMAT = 5;

    final String version;
    final TextFeatures features;
    final List<String> firstLabels;
    final LinearLayer first;
    final double firstTemperature;
    /** Per first-level index: its second-level labels (empty when not modelled). */
    final List<List<String>> secondLabels;
    /** Per first-level index: its second-level layer, {@code null} when it has fewer than two modelled children. */
    final LinearLayer[] second;

    final double secondTemperature;

    SubjectModel(
            String version,
            TextFeatures features,
            List<String> firstLabels,
            LinearLayer first,
            double firstTemperature,
            List<List<String>> secondLabels,
            LinearLayer[] second,
            double secondTemperature) {
        if (firstLabels.size() != first.classes
                || secondLabels.size() != firstLabels.size()
                || second.length != firstLabels.size()) {
            throw new IllegalArgumentException("inconsistent model");
        }
        this.version = version;
        this.features = features;
        this.firstLabels = List.copyOf(firstLabels);
        this.first = first;
        this.firstTemperature = firstTemperature;
        this.secondLabels = secondLabels.stream().map(List::copyOf).toList();
        this.second = second.clone();
        this.secondTemperature = secondTemperature;
    }

    /** The model version recorded on every classified notice. */
    public String version() {
        return version;
    }

    /** The same weights under another version (e.g. to re-register an artefact). */
    public SubjectModel withVersion(String newVersion) {
        return new SubjectModel(
                newVersion, features, firstLabels, first, firstTemperature, secondLabels, second, secondTemperature);
    }

    /** First-level labels the model predicts, in output order. */
    public List<String> firstLabels() {
        return firstLabels;
    }

    TextFeatures features() {
        return features;
    }

    /** Calibrated first-level probabilities, in {@link #firstLabels()} order. */
    double[] firstProbabilities(FeatureVector v) {
        return firstProbabilities(v, null);
    }

    /** As {@link #firstProbabilities(FeatureVector)}, also filling each feature's first-level row into {@code rows}. */
    double[] firstProbabilities(FeatureVector v, int[] rows) {
        double[] p = new double[first.classes];
        first.scores(v, p, rows);
        LinearLayer.softmax(p, p.length, firstTemperature);
        return p;
    }

    /** Calibrated second-level probabilities given the first level, {@code null} when not modelled. */
    double[] secondProbabilities(FeatureVector v, int firstIndex) {
        LinearLayer layer = second[firstIndex];
        if (layer == null) {
            return null;
        }
        double[] p = new double[layer.classes];
        layer.scores(v, p);
        LinearLayer.softmax(p, p.length, secondTemperature);
        return p;
    }

    /** Approximate heap held by the weights and their indexes, in bytes. */
    public long weightBytes() {
        long bytes = bytes(first);
        for (LinearLayer layer : second) {
            bytes += layer == null ? 0 : bytes(layer);
        }
        return bytes;
    }

    private static long bytes(LinearLayer layer) {
        return layer.bytes();
    }

    /** Loads the model shipped in the service's resources. */
    public static SubjectModel loadDefault() {
        try (InputStream in = SubjectModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a model artefact from a file. */
    public static SubjectModel load(Path artefact) throws IOException {
        try (InputStream in = Files.newInputStream(artefact)) {
            return read(in);
        }
    }

    /** Reads an artefact written by {@link #write}. */
    public static SubjectModel read(InputStream artefact) throws IOException {
        byte[] bytes;
        try (GZIPInputStream gzip = new GZIPInputStream(artefact, 1 << 16)) {
            bytes = gzip.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a subject model artefact");
        }
        int format = in.readInt();
        if (format < 2 || format > FORMAT) {
            throw new IOException("unsupported subject model format " + format);
        }
        String version = in.readUTF();
        int bits = in.readInt();
        int maxChars = in.readInt();
        TextFeatures features = new TextFeatures(
                bits,
                maxChars,
                new TextFeatures.Weights(
                        in.readFloat(),
                        in.readFloat(),
                        in.readFloat(),
                        format == 2 ? 0f : in.readFloat(),
                        format < 4 ? 0f : in.readFloat(),
                        format < 5 ? 0f : in.readFloat(),
                        format < 5 ? 1f : in.readFloat()));
        List<String> firstLabels = readLabels(in);
        double firstTemperature = in.readDouble();
        double secondTemperature = in.readDouble();
        LinearLayer first = LinearLayer.read(in);
        List<List<String>> secondLabels = new ArrayList<>();
        LinearLayer[] second = new LinearLayer[firstLabels.size()];
        for (int i = 0; i < firstLabels.size(); i++) {
            secondLabels.add(readLabels(in));
            second[i] = in.readBoolean() ? LinearLayer.read(in) : null;
        }
        return new SubjectModel(
                version, features, firstLabels, first, firstTemperature, secondLabels, second, secondTemperature);
    }

    /** Writes the artefact (gzip). Does not close the stream. */
    public void write(OutputStream artefact) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(artefact, 1 << 16);
        DataOutputStream out = new DataOutputStream(gzip);
        out.writeInt(MAGIC);
        TextFeatures.Weights weights = features.weights();
        boolean addressee = weights.addressee() > 0;
        boolean rolesOrScope = weights.rolesOrScope();
        out.writeInt(rolesOrScope ? 5 : addressee ? 4 : 3);
        out.writeUTF(version);
        out.writeInt(features.bits());
        out.writeInt(features.maxChars());
        out.writeFloat(features.weights().title());
        out.writeFloat(features.weights().agency());
        out.writeFloat(features.weights().text());
        out.writeFloat(features.weights().keyword());
        if (addressee || rolesOrScope) {
            out.writeFloat(weights.addressee());
        }
        if (rolesOrScope) {
            out.writeFloat(weights.mention());
            out.writeFloat(weights.scope());
        }
        writeLabels(out, firstLabels);
        out.writeDouble(firstTemperature);
        out.writeDouble(secondTemperature);
        first.write(out);
        for (int i = 0; i < firstLabels.size(); i++) {
            writeLabels(out, secondLabels.get(i));
            out.writeBoolean(second[i] != null);
            if (second[i] != null) {
                second[i].write(out);
            }
        }
        out.flush();
        gzip.finish();
    }

    private static List<String> readLabels(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000) {
            throw new IOException("corrupt label count");
        }
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = in.readUTF();
        }
        return Arrays.asList(labels);
    }

    private static void writeLabels(DataOutputStream out, List<String> labels) throws IOException {
        out.writeInt(labels.size());
        for (String label : labels) {
            out.writeUTF(label);
        }
    }
}
