package org.gongkai.enrich.normalise;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gongkai.analysis.fold.ScriptFolding;
import org.gongkai.events.EnrichedNotice;
import org.gongkai.events.EnrichedNotice.Choice;
import org.gongkai.events.EnrichedNotice.DateValue;
import org.gongkai.events.EnrichedNotice.DocumentNumber;
import org.gongkai.events.EnrichedNotice.Genre;
import org.gongkai.events.EnrichedNotice.IndexNumber;
import org.gongkai.events.EnrichedNotice.Publisher;
import org.gongkai.events.EnrichedNotice.SubjectCategory;
import org.gongkai.events.EnrichedNotice.ValidityValue;

/**
 * Turns label/value pairs into canonical metadata, the {@code labels} map and quality flags.
 *
 * <p>Block pairs win over {@code <meta>} tags, except for the title where {@code ArticleTitle} is the most
 * reliable source. Among block pairs for one field the preferred label variant wins, then page order. A date
 * field takes the first candidate that parses; each one that does not adds {@code date_unparseable:<label>}.
 * {@code labels} and the {@code raw} values of the details keep values as written (glosses and padding removed,
 * Traditional characters kept); the metadata fields and parsed values are folded to Simplified script with
 * full-width letters and digits folded. Stateless and thread-safe.
 */
public final class MetadataNormaliser {

    /**
     * @param fields         pairs in page order
     * @param titleFallbacks title candidates from the page layout (heading, then {@code <title>}), used when
     *                       neither {@code ArticleTitle} nor a 标题 label is present
     */
    public NormalisedMetadata normalise(List<RawField> fields, List<String> titleFallbacks) {
        Set<String> flags = new LinkedHashSet<>();
        boolean glosses = false;
        Map<String, String> labels = new LinkedHashMap<>();
        Map<Field, List<Candidate>> candidates = new EnumMap<>(Field.class);
        int position = 0;
        for (RawField raw : fields) {
            glosses |= PinyinGlosses.hasGloss(raw.label()) || PinyinGlosses.hasGloss(raw.value());
            String value = Values.clean(raw.value());
            if (raw.origin() == RawField.Origin.HINT) {
                Optional<Field> field = Labels.field(Labels.normalise(raw.label()));
                if (field.isPresent()) {
                    candidates
                            .computeIfAbsent(field.get(), f -> new ArrayList<>())
                            .add(new Candidate(raw.label(), value, HINT_RANK, position));
                }
            } else if (raw.origin() == RawField.Origin.META) {
                for (Field field : Field.values()) {
                    if (raw.label().equalsIgnoreCase(field.metaName())) {
                        candidates
                                .computeIfAbsent(field, f -> new ArrayList<>())
                                .add(new Candidate(raw.label(), value, Integer.MAX_VALUE, position));
                    }
                }
            } else {
                String label = Labels.normalise(raw.label());
                if (label.isEmpty()) {
                    continue;
                }
                String previous = labels.get(label);
                if (previous == null || previous.isEmpty()) {
                    labels.put(label, value);
                }
                Optional<Field> field = Labels.field(label);
                if (field.isPresent()) {
                    candidates
                            .computeIfAbsent(field.get(), f -> new ArrayList<>())
                            .add(new Candidate(
                                    label, value, field.get().labels().indexOf(label), position));
                }
            }
            position++;
        }
        for (List<Candidate> list : candidates.values()) {
            list.removeIf(c -> Values.isAbsent(c.value()));
            list.sort(Comparator.comparingInt(Candidate::rank).thenComparingInt(Candidate::position));
        }

        String title = firstValue(candidates, Field.TITLE, true);
        if (title == null) {
            for (String fallback : titleFallbacks) {
                String cleaned = Values.clean(fallback);
                if (!Values.isAbsent(cleaned)) {
                    glosses |= PinyinGlosses.hasGloss(fallback);
                    title = cleaned;
                    break;
                }
            }
        }
        ScriptFolding script = ScriptFolding.standard();
        DocumentNumber documentNumber = DocumentNumbers.parse(firstValue(candidates, Field.DOCUMENT_NUMBER, false));
        String genreValue = firstValue(candidates, Field.GENRE, false);
        Genre genre = genreValue != null
                ? new Genre(genreValue, script.fold(Widths.fold(genreValue)), "field")
                : Optional.ofNullable(Genres.fromTitle(title))
                        .map(g -> new Genre(null, g, "title"))
                        .orElse(null);
        String validityValue = firstValue(candidates, Field.VALIDITY, false);
        DateValue repealedAt = date(candidates, Field.REPEALED_AT, flags);
        String validityStatus = Validity.of(validityValue);
        if (validityStatus == null && repealedAt != null && repealedAt.value() != null) {
            validityStatus = Validity.REPEALED; // only a repeal date: the page says it is repealed
        }
        ValidityValue validity = validityStatus == null
                ? null
                : new ValidityValue(validityValue, validityStatus, repealedAt == null ? null : repealedAt.value());
        IndexNumber indexNumber = IndexNumbers.parse(firstValue(candidates, Field.INDEX_NUMBER, false));
        SubjectCategory subject = SubjectCategories.parse(firstValue(candidates, Field.SUBJECT_CATEGORY, false));
        Publisher publisher = Publishers.parse(firstValue(candidates, Field.PUBLISHER, false));
        DateValue writtenAt = date(candidates, Field.WRITTEN_AT, flags);
        DateValue publishedAt = date(candidates, Field.PUBLISHED_AT, flags);
        Choice mode = Disclosure.mode(firstValue(candidates, Field.DISCLOSURE_MODE, false));
        Choice scope = Disclosure.scope(firstValue(candidates, Field.DISCLOSURE_SCOPE, false));
        Choice period = Disclosure.period(firstValue(candidates, Field.DISCLOSURE_PERIOD, false));
        String keywords = firstValue(candidates, Field.KEYWORDS, false);

        EnrichedNotice.Metadata metadata = new EnrichedNotice.Metadata(
                indexNumber == null ? null : script.fold(Widths.fold(indexNumber.raw())),
                subject == null ? null : script.fold(Widths.fold(subject.raw())),
                publisher == null ? null : publisher.normalised(),
                writtenAt == null ? null : writtenAt.value(),
                publishedAt == null ? null : publishedAt.value(),
                documentNumber == null ? null : script.fold(Widths.fold(documentNumber.raw())),
                documentNumber == null ? null : documentNumber.key(),
                validity == null ? null : validity.status(),
                mode == null ? null : script.fold(Widths.fold(mode.raw())),
                scope == null ? null : script.fold(Widths.fold(scope.raw())),
                keywords == null ? null : script.fold(Widths.fold(keywords)),
                genre == null ? null : genre.value());
        EnrichedNotice.Details details = new EnrichedNotice.Details(
                null,
                glosses,
                null,
                null,
                indexNumber,
                subject,
                publisher,
                writtenAt,
                publishedAt,
                documentNumber,
                validity,
                mode,
                scope,
                period,
                Keywords.split(keywords),
                genre,
                null);

        if (indexNumber != null && indexNumber.scheme() == null) {
            flags.add(Flags.INDEX_NUMBER_UNRECOGNISED);
        }
        if (documentNumber != null && documentNumber.style() == null) {
            flags.add(Flags.DOCUMENT_NUMBER_UNPARSEABLE);
        }
        if (title == null) {
            flags.add(Flags.NO_TITLE);
        }
        if (labels.isEmpty()) {
            flags.add(Flags.NO_METADATA);
        }
        if (metadata.indexNumber() == null) {
            flags.add(Flags.NO_INDEX_NUMBER);
        }
        if (metadata.publisher() == null) {
            flags.add(Flags.NO_PUBLISHER);
        }
        if (metadata.writtenAt() == null && metadata.publishedAt() == null) {
            flags.add(Flags.NO_DATE);
        }
        if (glosses) {
            flags.add(Flags.MIRROR_ARTEFACTS);
        }
        return new NormalisedMetadata(metadata, details, title == null ? "" : title, labels, List.copyOf(flags));
    }

    /** Block value of a field, or its meta value; {@code metaFirst} reverses that for the title. */
    private static String firstValue(Map<Field, List<Candidate>> candidates, Field field, boolean metaFirst) {
        List<Candidate> list = candidates.getOrDefault(field, List.of());
        if (list.isEmpty()) {
            return null;
        }
        if (list.get(0).rank() == HINT_RANK) {
            return list.get(0).value();
        }
        if (metaFirst) {
            for (Candidate c : list) {
                if (c.rank() == Integer.MAX_VALUE) {
                    return c.value();
                }
            }
        }
        return list.get(0).value();
    }

    /** The first candidate that parses; else the first one, unparsed; null when there is none. */
    private static DateValue date(Map<Field, List<Candidate>> candidates, Field field, Set<String> flags) {
        DateValue found = null;
        DateValue first = null;
        for (Candidate c : candidates.getOrDefault(field, List.of())) {
            Optional<OffsetDateTime> parsed = Dates.parse(c.value());
            if (parsed.isEmpty()) {
                flags.add(Flags.DATE_UNPARSEABLE + c.label());
                if (first == null) {
                    first = new DateValue(c.value(), null);
                }
            } else if (found == null) {
                found = new DateValue(c.value(), parsed.get());
            }
        }
        return found != null ? found : first;
    }

    /** Rank of a value located by a site hint: before every label variant and meta tag. */
    private static final int HINT_RANK = -1;

    /**
     * rank: index of the label among the field's variants, {@code Integer.MAX_VALUE} for a meta tag,
     * {@link #HINT_RANK} for a site hint.
     */
    private record Candidate(String label, String value, int rank, int position) {}
}
