package org.gongkai.ingest.attach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Attachment fixtures written by the test itself: PDF (PDFBox, ASCII text: a standard font has no CJK glyphs),
 * DOCX, XLSX and XLS (POI; any text). A "WPS" file is a DOCX or an XLS with another extension, as WPS Office
 * writes them.
 */
public final class Documents {

    private Documents() {}

    /** A one-page PDF with one line of ASCII text per argument. */
    public static byte[] pdf(String... lines) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(50, 700);
                for (String line : lines) {
                    content.showText(line);
                    content.newLineAtOffset(0, -16);
                }
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Word document (OOXML) with one paragraph per argument. */
    public static byte[] docx(String... paragraphs) {
        try (XWPFDocument document = new XWPFDocument()) {
            for (String paragraph : paragraphs) {
                document.createParagraph().createRun().setText(paragraph);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Excel workbook (OOXML) with one cell per argument in the first column. */
    public static byte[] xlsx(String... cells) {
        return workbook(new XSSFWorkbook(), cells);
    }

    /** An Excel 97 workbook (OLE2, the format of WPS ET files) with one cell per argument. */
    public static byte[] xls(String... cells) {
        return workbook(new HSSFWorkbook(), cells);
    }

    private static byte[] workbook(Workbook workbook, String... cells) {
        try (workbook) {
            var sheet = workbook.createSheet("岗位表");
            for (int i = 0; i < cells.length; i++) {
                sheet.createRow(i).createCell(0).setCellValue(cells[i]);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF header followed by garbage: detected as PDF, unparseable. */
    public static byte[] corruptPdf() {
        return "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
