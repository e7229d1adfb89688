package org.gongkai.ingest.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.gongkai.ingest.attach.AttachmentText;
import org.gongkai.ingest.attach.ChildParses;
import org.gongkai.ingest.site.AttachmentProperties;

/**
 * Peak heap and time of one attachment text extraction (AttachmentText with the service's limits) for generated
 * PDFs and DOCX files of growing size. Synthetic documents; the peak is the sum of the heap pools' peak usage
 * during the parse after a GC, so it includes whatever else the JVM allocated meanwhile (nothing else runs here).
 * Then the same documents in {@code parse-mode: process}, with the child JVM's resident memory.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java -pl ingest-service -Dexec.classpathScope=test
 * -Dexec.mainClass=org.gongkai.ingest.bench.AttachmentParseBenchmark} (after the one-off install, see README).
 */
public final class AttachmentParseBenchmark {

    public static void main(String[] args) throws Exception {
        AttachmentProperties config = AttachmentProperties.defaults();
        try (AttachmentText text = new AttachmentText(
                config.contentTypes(), config.maxTextChars(), Duration.ofMinutes(5), 1, new SimpleMeterRegistry())) {
            System.out.printf("%-6s %8s %10s %10s %12s%n", "type", "pages", "file KiB", "time ms", "peak heap MiB");
            for (int pages : List.of(10, 100, 1000)) {
                run(text, "pdf", pages, pdf(pages));
            }
            for (int pages : List.of(10, 100, 1000)) {
                run(text, "docx", pages, docx(pages));
            }
        }
        childProcess(config);
    }

    /**
     * parse-mode process: the same documents in one child JVM with the default child-heap, printing the child's
     * resident memory (VmRSS now, VmHWM its peak; Linux /proc) after each parse: the memory a deployment pays on
     * top of the service's own while a child lives.
     */
    private static void childProcess(AttachmentProperties config) throws Exception {
        System.out.printf("%nparse-mode process, child-heap %s%n", config.childHeapOption());
        System.out.printf("%-6s %8s %10s %12s %12s%n", "type", "pages", "time ms", "child RSS MiB", "child peak MiB");
        try (AttachmentText text = new AttachmentText(
                new ChildParses(ChildParses.Settings.of(config), new SimpleMeterRegistry()),
                new SimpleMeterRegistry())) {
            for (String type : List.of("pdf", "docx")) {
                for (int pages : List.of(10, 100, 1000)) {
                    byte[] bytes = "pdf".equals(type) ? pdf(pages) : docx(pages);
                    long start = System.nanoTime();
                    AttachmentText.Extracted extracted = text.extract(bytes, "a." + type);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (extracted.error() != null) {
                        throw new IllegalStateException(extracted.error());
                    }
                    ProcessHandle child = ProcessHandle.current()
                            .children()
                            .filter(ProcessHandle::isAlive)
                            .findFirst()
                            .orElseThrow();
                    System.out.printf(
                            "%-6s %8d %10d %12.1f %12.1f%n",
                            type, pages, ms, kib(child, "VmRSS") / 1024.0, kib(child, "VmHWM") / 1024.0);
                }
            }
        }
    }

    private static long kib(ProcessHandle process, String field) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void run(AttachmentText text, String type, int pages, byte[] bytes) throws Exception {
        text.extract(bytes, "warm." + type); // warm-up
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        AttachmentText.Extracted extracted = text.extract(bytes, "a." + type);
        long ms = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        if (extracted.error() != null) {
            throw new IllegalStateException(extracted.error());
        }
        System.out.printf("%-6s %8d %10d %10d %12.1f%n", type, pages, bytes.length / 1024, ms, peak / (1024.0 * 1024));
    }

    private static final String LINE = "Notice of the district government on the management of old residential areas";

    private static byte[] pdf(int pages) throws Exception {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.newLineAtOffset(40, 750);
                    for (int l = 0; l < 50; l++) {
                        content.showText(p + "." + l + " " + LINE);
                        content.newLineAtOffset(0, -14);
                    }
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] docx(int pages) throws Exception {
        try (XWPFDocument document = new XWPFDocument()) {
            for (int p = 0; p < pages * 50; p++) {
                document.createParagraph().createRun().setText(p + " 关于印发东湖区老旧小区改造管理办法的通知 " + LINE);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        }
    }
}
