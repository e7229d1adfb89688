package org.gongkai.enrich.normalise;

import java.util.List;
import java.util.Map;
import org.gongkai.events.EnrichedNotice;

/**
 * What {@link MetadataNormaliser} makes of a page's label/value pairs.
 *
 * @param metadata canonical fields, text values in Simplified script
 * @param details  the fields' raw and parsed values; {@code script}, {@code originalTitle}, {@code originalBody}
 *                 and {@code identity} are left for the caller, who sees the whole notice
 * @param title    the chosen title as written, glosses removed; empty when none was found
 * @param labels   every block label (normalised) with its cleaned value, in page order
 * @param flags    quality flags about the metadata and title
 */
public record NormalisedMetadata(
        EnrichedNotice.Metadata metadata,
        EnrichedNotice.Details details,
        String title,
        Map<String, String> labels,
        List<String> flags) {}
