package org.gongkai.ingest.attach;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ooxml.POIXMLDocument;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackagePartName;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.openxml4j.opc.TargetMode;
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

    /** A one-page PDF with the given text that carries {@code embedded} as an attached file {@code name}. */
    public static byte[] pdfEmbedding(String text, String name, byte[] embedded, String mediaType) {
        try (PDDocument document = Loader.loadPDF(pdf(text))) {
            PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(embedded));
            file.setSubtype(mediaType);
            file.setSize(embedded.length);
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile(name);
            spec.setEmbeddedFile(file);
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of(name, spec));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            document.getDocumentCatalog().setNames(names);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Word document (OOXML) with one paragraph that carries {@code embedded} (a DOCX) as an embedded package. */
    public static byte[] docxEmbedding(String paragraph, byte[] embeddedDocx) {
        try (XWPFDocument document = new XWPFDocument()) {
            document.createParagraph().createRun().setText(paragraph);
            OPCPackage pkg = document.getPackage();
            PackagePartName partName = PackagingURIHelper.createPartName("/word/embeddings/inner.docx");
            PackagePart part =
                    pkg.createPart(partName, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            try (var out = part.getOutputStream()) {
                out.write(embeddedDocx);
            }
            document.getPackagePart()
                    .addRelationship(partName, TargetMode.INTERNAL, POIXMLDocument.PACK_OBJECT_REL_TYPE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        } catch (IOException | InvalidFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PDF header followed by garbage: detected as PDF, unparseable. */
    public static byte[] corruptPdf() {
        return "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
