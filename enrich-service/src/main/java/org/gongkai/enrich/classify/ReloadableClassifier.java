package org.gongkai.enrich.classify;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The subject classifier enrich-service uses now: the model registry's current version when there is one, else the
 * configured (shipped) model. {@link #refresh()} follows the registry's {@code CURRENT} pointer, so a promotion by the
 * continuous trainer or an operator's rollback takes effect without a restart.
 *
 * <p>Concurrency: {@link #get()} is a volatile read and may be called from any consumer thread; a caller takes the
 * classifier once per notice, so one notice is classified wholly by one model and carries that model's version.
 * {@link #refresh()} is meant for one thread (the refresher); a concurrent call is harmless but may load twice.
 *
 * <p>Failure semantics: a registry that cannot be read or an artefact that does not load leaves the current
 * classifier in place (the refresh throws); the next refresh tries again. At start-up, when there is no model in use
 * yet, such a failure starts on {@code fallback} instead ({@link #startFailure()}): a restart while {@code CURRENT}
 * names a damaged model used to fail, and the supervisor's restarts crash-looped with nothing enriched (session 20's
 * re-trial); the refresher reports it (gauge, log) and switches as soon as the registry names a model that loads.
 */
public final class ReloadableClassifier implements Supplier<SubjectClassifier> {

    private final @Nullable ModelRegistry registry;
    private final SubjectModel fallback;
    private final Function<SubjectModel, SubjectClassifier> build;
    private final AtomicReference<SubjectClassifier> current;
    private final @Nullable String startFailure;

    /**
     * Loads the registry's current model, else uses {@code fallback}; {@code fallback} too when the registry or the
     * model it names cannot be read ({@link #startFailure()} says why).
     *
     * @param registry the continuous trainer's registry, {@code null} for none (then this never changes)
     * @param fallback the model used while the registry names none, or none that loads at start-up
     * @param build    builds a classifier around a model (same tables and thresholds every time)
     */
    public ReloadableClassifier(
            @Nullable ModelRegistry registry, SubjectModel fallback, Function<SubjectModel, SubjectClassifier> build) {
        this.registry = registry;
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.build = build;
        SubjectModel first = fallback;
        String failure = null;
        if (registry != null) {
            try {
                Optional<String> named = registry.current();
                if (named.isPresent()) {
                    first = registry.load(named.get());
                }
            } catch (IOException e) {
                failure = String.valueOf(e);
            }
        }
        this.startFailure = failure;
        this.current = new AtomicReference<>(build.apply(first));
    }

    /** Why the registry's current model was not loaded at start-up (the fallback is in use), empty when it was. */
    public Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    /** The classifier to use for the next notice. */
    @Override
    public SubjectClassifier get() {
        return current.get();
    }

    /** The version of the model in use. */
    public String version() {
        return current.get().model().version();
    }

    /**
     * Loads the model the registry names now, when it is not the one in use (back to the fallback when the registry
     * names none).
     *
     * @return whether another model is in use now
     * @throws IOException when the registry or the artefact it names cannot be read: the model in use stays
     */
    public boolean refresh() throws IOException {
        if (registry == null) {
            return false;
        }
        Optional<String> named = registry.current();
        if (named.orElse(fallback.version()).equals(version())) {
            return false;
        }
        SubjectModel model = named.isPresent() ? registry.load(named.get()) : fallback;
        current.set(build.apply(model));
        return true;
    }
}
