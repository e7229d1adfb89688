package org.gongkai.ingest.site;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Attachments linked from notices ({@code gongkai.ingest.attachments.*}): fetched through the same fetch path
 * as pages (robots.txt, politeness, SSRF guard on every hop, redirects, retries) and their text extracted with
 * Apache Tika, bounded in bytes and time. A failure is recorded in the attachment's {@code error}; it never
 * fails the notice.
 *
 * @param enabled           whether attachments are fetched; default true. Off: they are listed with their URL
 *                          and name only ({@code error: "not fetched"})
 * @param maxCount          attachments fetched per notice; further ones are listed, not fetched; default 20
 * @param maxBytes          body cap of one attachment (on the wire and after content decoding); a longer file
 *                          is cut, parsed as far as it goes and marked {@code truncated}; default 20MB
 * @param maxTextChars      characters of extracted text kept per attachment; the rest is cut and the
 *                          attachment marked {@code truncated}; default 1048576 (1 Mi)
 * @param maxTotalTextChars characters of attachment text per notice, over all its attachments (keeps the raw
 *                          notice within the 16 MiB Kafka message size: CJK text is 3 bytes a character in
 *                          UTF-8); default 3145728 (3 Mi)
 * @param readTimeout       deadline of one attachment exchange, from request to last body byte; the whole
 *                          fetch (redirects, retries, waits) gets the longer of this and {@code
 *                          fetch.total-timeout}; default 2m
 * @param parseTimeout      longest a text extraction may run; a parse still running then is killed with its
 *                          process ({@code parse-mode: process}) or abandoned ({@code in-process}), and the
 *                          attachment gets an error; default 30s
 * @param parseThreads      parses at once: child processes ({@code process}; an attachment waits up to {@code
 *                          parse-timeout} for a free one) or threads ({@code in-process}: a parse abandoned
 *                          after its timeout keeps its thread until it ends, and when all are taken further
 *                          attachments get an error instead of waiting); default 2
 * @param cacheMaxChars     characters of extracted text kept in memory (least recently used first out) with
 *                          the attachment's validators, so a changed notice linking the same attachment sends
 *                          a conditional GET and reuses the text on 304 (or on an identical body); 0 turns
 *                          it off; lost on restart; default 8388608 (8 Mi)
 * @param extensions        file extensions (lower case, no dot) of the links that are fetched; other
 *                          attachment links are listed only; default pdf, doc, docx, xls, xlsx, wps, et,
 *                          dps, ppt, pptx, rtf
 * @param contentTypes      media types, as Tika detects them from the bytes, whose text is extracted (a type
 *                          also matches its subtypes, e.g. {@code application/x-tika-msoffice} every OLE2
 *                          Office file); anything else, e.g. an HTML error page, gets an error; default PDF,
 *                          Word, Excel, PowerPoint (OLE2 and OOXML, which covers WPS/ET/DPS files) and RTF
 * @param parseMode         where text is extracted: {@code process} (default) in child JVMs the service starts
 *                          and supervises, each with its own heap ({@code child-heap}), killed with SIGKILL when
 *                          a parse runs past {@code parse-timeout} or ended when it exhausts that heap: a hard
 *                          bound in memory and time, the crawler thread freed at once; costs a JVM start (about
 *                          a second) for the first attachment and the children's memory while they live.
 *                          {@code in-process}: on threads in the service's heap (no memory bound per parse, a
 *                          timed-out parse keeps its thread), for small deployments that cannot spare the
 *                          children's memory
 * @param childHeap         maximum heap of one parse child process ({@code -Xmx}); a parse that needs more ends
 *                          its child and the attachment gets {@code text extraction ran out of memory}; at
 *                          least 32MB; default 192MB (two children and the service fit Compose's 1g)
 * @param childIdleTimeout  a parse child process without work for this long is ended (the next attachment
 *                          starts a new one); default 5m
 */
public record AttachmentProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20") @Min(0) @Max(1000) int maxCount,
        @DefaultValue("20MB") @NotNull DataSize maxBytes,
        @DefaultValue("1048576") @Min(1) int maxTextChars,
        @DefaultValue("3145728") @Min(1) int maxTotalTextChars,
        @DefaultValue("2m") @NotNull Duration readTimeout,
        @DefaultValue("30s") @NotNull Duration parseTimeout,
        @DefaultValue("2") @Min(1) @Max(64) int parseThreads,
        @DefaultValue("8388608") @Min(0) long cacheMaxChars,

        @DefaultValue({"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "dps", "ppt", "pptx", "rtf"}) @NotNull
        List<@NotBlank String> extensions,

        @DefaultValue({
            "application/pdf",
            "application/x-tika-msoffice",
            "application/x-tika-ooxml",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint",
            "application/rtf"
        })
        @NotNull
        List<@NotBlank String> contentTypes,

        @DefaultValue("process") @NotNull ParseMode parseMode,
        @DefaultValue("192MB") @NotNull DataSize childHeap,
        @DefaultValue("5m") @NotNull Duration childIdleTimeout) {

    /** Where attachment text is extracted. */
    public enum ParseMode {
        /** In child JVMs with their own heap, killed on timeout. */
        PROCESS,
        /** On threads of the service. */
        IN_PROCESS
    }

    /** {@code child-heap} as {@code -Xmx} takes it, in whole mebibytes. */
    public String childHeapOption() {
        return childHeap.toMegabytes() + "m";
    }

    @AssertTrue(message = "attachments: child-heap must be at least 32MB and child-idle-timeout positive")
    public boolean isChildValid() {
        return childHeap == null
                || childIdleTimeout == null
                || (childHeap.toMegabytes() >= 32 && childIdleTimeout.toMillis() > 0);
    }

    public AttachmentProperties {
        extensions = extensions == null
                ? List.of()
                : extensions.stream()
                        .map(e -> e.strip().toLowerCase(java.util.Locale.ROOT).replaceFirst("^\\.", ""))
                        .toList();
        contentTypes = contentTypes == null
                ? List.of()
                : contentTypes.stream()
                        .map(t -> t.strip().toLowerCase(java.util.Locale.ROOT))
                        .toList();
    }

    /** The defaults declared above, bound from an empty configuration (tests, benchmarks). */
    public static AttachmentProperties defaults() {
        return new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource())
                .bindOrCreate("gongkai.ingest.attachments", AttachmentProperties.class);
    }

    @AssertTrue(message = "attachments: max-bytes, read-timeout and parse-timeout must be positive")
    public boolean isPositive() {
        return maxBytes == null
                || readTimeout == null
                || parseTimeout == null
                || (maxBytes.toBytes() > 0 && readTimeout.toMillis() > 0 && parseTimeout.toMillis() > 0);
    }
}
