package org.gongkai.enrich.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Versioned subject models in a directory, for the continuous trainer and for operators:
 *
 * <pre>
 * DIR/models/VERSION.bin.gz   one artefact per promoted version (the newest {@code keep} are kept)
 * DIR/CURRENT                 the version enrich-service should load (one line)
 * DIR/history.log             append-only: time, action (promote | rollback | release), version ({@value #SHIPPED}
 *                             for a rollback to the shipped model), note
 * DIR/HOLD                    present after an operator's rollback: promotions are held (one line: time, the version
 *                             rolled back from, the version rolled back to, note) until {@link #release}
 * </pre>
 *
 * Without {@code CURRENT} the shipped model is current. A rollback holds promotions ({@link #hold()}): the continuous
 * trainer rebuilds the same examples after a restart and would otherwise promote the removed model again; readers
 * that only follow {@code CURRENT} (enrich-service) are not concerned. Every write goes to a temporary file first and is moved into
 * place, so a reader never sees half a file. One writer at a time (the trainer or an operator's rollback); readers
 * any time, through {@link #reader} (creates nothing: a directory mounted read-only, owned by another user, or not there
 * yet is fine).
 *
 * <p>Files are written readable by all whatever the writer's umask ({@link RegistryFiles}); a model is no secret.
 */
public final class ModelRegistry {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** The version column of a history line that made the shipped model current again. */
    public static final String SHIPPED = "(shipped)";

    private final Path dir;
    private final Path models;
    private final int keep;
    private final Clock clock;
    private final boolean writable;

    /**
     * @param dir   the registry directory (created when missing)
     * @param keep  promoted versions kept (at least 2, so that there is something to roll back to)
     * @param clock time of the history lines
     */
    public ModelRegistry(Path dir, int keep, Clock clock) {
        if (keep < 2) {
            throw new IllegalArgumentException("keep at least 2 versions");
        }
        this.dir = dir;
        this.models = dir.resolve("models");
        this.keep = keep;
        this.clock = clock;
        this.writable = true;
        try {
            boolean newDir = !Files.exists(dir);
            boolean newModels = !Files.exists(models);
            Files.createDirectories(models);
            if (newDir) {
                RegistryFiles.readableByAll(dir);
            }
            if (newModels) {
                RegistryFiles.readableByAll(models);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ModelRegistry(Path dir) {
        this.dir = dir;
        this.models = dir.resolve("models");
        this.keep = 2;
        this.clock = Clock.systemUTC();
        this.writable = false;
    }

    /**
     * The registry for a reader that only follows {@code CURRENT} (enrich-service): creates and writes nothing, so the
     * directory may be read-only, another user's, or missing (then, as when empty, the shipped model is current).
     * Its writing methods throw {@link IllegalStateException}.
     */
    public static ModelRegistry reader(Path dir) {
        return new ModelRegistry(dir);
    }

    /**
     * The current version, empty while the shipped model is current (no {@code CURRENT}, or no directory).
     *
     * @throws IOException when {@code CURRENT} cannot be read, e.g. a directory the reader may not search (never
     *                     taken for "no current version": that would switch to the shipped model silently)
     */
    public Optional<String> current() throws IOException {
        String version;
        try {
            version = Files.readString(dir.resolve("CURRENT"), StandardCharsets.UTF_8)
                    .strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }

    /** The current model: the registry's current version, else the shipped one. */
    public SubjectModel currentModel() throws IOException {
        Optional<String> version = current();
        return version.isEmpty() ? SubjectModel.loadDefault() : SubjectModel.load(artefact(version.get()));
    }

    /** The artefact of the current version, empty while the shipped model is current. */
    public Optional<Path> currentArtefact() throws IOException {
        return current().map(this::artefact);
    }

    /** Kept versions, oldest first. */
    public List<String> versions() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : history()) {
            String[] parts = line.split("\t");
            if (parts[1].equals("promote") && Files.exists(artefact(parts[2])) && !out.contains(parts[2])) {
                out.add(parts[2]);
            }
        }
        return out;
    }

    /**
     * Stores a model artefact under its version and makes it current; drops the oldest versions beyond
     * {@code keep}.
     *
     * @throws IllegalArgumentException when the version is malformed, already stored, or the artefact is not a
     *                                  model of that version
     */
    public void promote(byte[] artefact, String note) throws IOException {
        checkWritable();
        SubjectModel model = SubjectModel.read(new java.io.ByteArrayInputStream(artefact));
        String version = model.version();
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("model version '" + version + "' is not a file-safe name");
        }
        if (Files.exists(artefact(version))) {
            throw new IllegalArgumentException("version " + version + " is already in the registry");
        }
        RegistryFiles.write(artefact(version), artefact);
        RegistryFiles.write(dir.resolve("CURRENT"), (version + "\n").getBytes(StandardCharsets.UTF_8));
        log("promote", version, note);
        List<String> versions = versions();
        for (int i = 0; i < versions.size() - keep; i++) {
            Files.deleteIfExists(artefact(versions.get(i)));
        }
    }

    /**
     * Makes the kept version before the current one current again (operator's rollback); holds promotions
     * ({@link #hold()}).
     *
     * @return the version now current
     * @throws IllegalStateException when there is no earlier kept version
     */
    public String rollback(String note) throws IOException {
        List<String> versions = versions();
        String current = current().orElse(null);
        int at = versions.indexOf(current);
        if (current == null) {
            throw new IllegalStateException("nothing to roll back: the shipped model is current (kept: " + versions
                    + "; a kept version can be made current by name)");
        }
        if (at <= 0) {
            throw new IllegalStateException("no earlier kept version than " + current + " (kept: " + versions + ")");
        }
        return rollbackTo(versions.get(at - 1), note);
    }

    /** Makes a kept version current; holds promotions ({@link #hold()}). */
    public String rollbackTo(String version, String note) throws IOException {
        checkWritable();
        if (!Files.exists(artefact(version))) {
            throw new IllegalArgumentException("version " + version + " is not kept");
        }
        String from = current().orElse(SHIPPED);
        RegistryFiles.write(dir.resolve("CURRENT"), (version + "\n").getBytes(StandardCharsets.UTF_8));
        log("rollback", version, note);
        holdAfterRollback(from, version, note);
        return version;
    }

    /**
     * Why promotions are held: an operator's rollback from {@code from} to {@code to} at {@code time}.
     *
     * @param from the version current before the rollback ({@value #SHIPPED}: the shipped model)
     * @param to   the version made current ({@value #SHIPPED}: the shipped model)
     */
    public record Hold(String time, String from, String to, String note) {

        @Override
        public String toString() {
            return "held since " + time + " (rollback from " + from + " to " + to + ", " + note + ")";
        }
    }

    /**
     * The hold an operator's rollback left, empty when promotions are free. The continuous trainer keeps training and
     * comparing candidates while held but promotes none; {@link #release} ends it.
     */
    public Optional<Hold> hold() throws IOException {
        Path file = dir.resolve("HOLD");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split("\t", 4);
        return Optional.of(new Hold(parts[0], part(parts, 1), part(parts, 2), part(parts, 3)));
    }

    /**
     * Lets the continuous trainer promote again (the operator's decision after a rollback).
     *
     * @return whether promotions were held
     */
    public boolean release(String note) throws IOException {
        checkWritable();
        if (!Files.deleteIfExists(dir.resolve("HOLD"))) {
            return false;
        }
        log("release", current().orElse(SHIPPED), note);
        return true;
    }

    private static String part(String[] parts, int i) {
        return i < parts.length ? parts[i] : "?";
    }

    private void holdAfterRollback(String from, String to, String note) throws IOException {
        String line = clock.instant() + "\t" + from + "\t" + to + "\t" + note.replace('\n', ' ') + "\n";
        RegistryFiles.write(dir.resolve("HOLD"), line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Makes the shipped model current again (removes {@code CURRENT}; the kept versions stay, so a later
     * {@link #rollbackTo} can return to one): the operator's way back from the first promotion, which has no earlier
     * kept version. Holds promotions ({@link #hold()}).
     */
    public void rollbackToShipped(String note) throws IOException {
        checkWritable();
        String from = current().orElse(SHIPPED);
        Files.deleteIfExists(dir.resolve("CURRENT"));
        log("rollback", SHIPPED, note);
        holdAfterRollback(from, SHIPPED, note);
    }

    /** The history lines, oldest first. */
    public List<String> history() throws IOException {
        Path log = dir.resolve("history.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** Loads a kept version. */
    public SubjectModel load(String version) throws IOException {
        Path file = artefact(version);
        try (InputStream in = Files.newInputStream(file)) {
            return SubjectModel.read(in);
        } catch (IOException | RuntimeException e) {
            // named, so the operator's log says which version and file (session 20's re-trial)
            throw new IOException("subject model " + version + " (" + file + ") does not load: " + e, e);
        }
    }

    Path artefact(String version) {
        return models.resolve(version + ".bin.gz");
    }

    private void checkWritable() {
        if (!writable) {
            throw new IllegalStateException("registry " + dir + " was opened to read only");
        }
    }

    private void log(String action, String version, String note) throws IOException {
        String line = clock.instant() + "\t" + action + "\t" + version + "\t" + note.replace('\n', ' ') + "\n";
        RegistryFiles.append(dir.resolve("history.log"), line);
    }
}
