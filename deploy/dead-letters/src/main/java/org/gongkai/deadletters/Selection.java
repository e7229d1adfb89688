package org.gongkai.deadletters;

import java.util.Locale;
import java.util.Set;

/**
 * Which dead letters an operator chose: a dead letter is selected when it matches <em>every</em> criterion given (any
 * of the listed positions, any of the listed keys, the reason containing the text, case-insensitively). Without
 * criteria everything is selected, which {@code replay} accepts only with {@code --all} ({@link #requireChosen}).
 *
 * @param positions      {@code partition:offset} pairs of the dead-letter topic; empty for any
 * @param keys           record keys (notice ids); empty for any
 * @param reasonContains text the {@code gongkai-dlt-reason} header must contain; {@code null} for any
 */
public record Selection(Set<Position> positions, Set<String> keys, String reasonContains) {

    /** A dead letter's place in its topic. */
    public record Position(int partition, long offset) {

        /** Parses {@code partition:offset}, e.g. {@code 3:120}. */
        public static Position parse(String text) {
            String[] parts = text.strip().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected partition:offset, e.g. 3:120, not '" + text + "'");
            }
            try {
                int partition = Integer.parseInt(parts[0]);
                long offset = Long.parseLong(parts[1]);
                if (partition < 0 || offset < 0) {
                    throw new IllegalArgumentException("negative partition or offset in '" + text + "'");
                }
                return new Position(partition, offset);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected partition:offset, e.g. 3:120, not '" + text + "'");
            }
        }
    }

    public Selection {
        positions = Set.copyOf(positions);
        keys = Set.copyOf(keys);
        if (reasonContains != null && reasonContains.isBlank()) {
            throw new IllegalArgumentException("--reason must not be blank");
        }
    }

    public static Selection everything() {
        return new Selection(Set.of(), Set.of(), null);
    }

    public boolean isEverything() {
        return positions.isEmpty() && keys.isEmpty() && reasonContains == null;
    }

    /**
     * Refuses a selection of everything unless {@code all} was given: replaying a whole dead-letter topic must be
     * asked for.
     */
    public void requireChosen(boolean all) {
        if (isEverything() && !all) {
            throw new IllegalArgumentException(
                    "choose dead letters with --offset, --key or --reason, or replay everything with --all");
        }
        if (!isEverything() && all) {
            throw new IllegalArgumentException(
                    "--all replays everything: not together with --offset, --key or --reason");
        }
    }

    public boolean matches(DeadLetter letter) {
        if (!positions.isEmpty() && !positions.contains(new Position(letter.partition(), letter.offset()))) {
            return false;
        }
        if (!keys.isEmpty() && (letter.key() == null || !keys.contains(letter.key()))) {
            return false;
        }
        if (reasonContains != null) {
            String reason = letter.reason();
            return reason != null && reason.toLowerCase(Locale.ROOT).contains(reasonContains.toLowerCase(Locale.ROOT));
        }
        return true;
    }
}
