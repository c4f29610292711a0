package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files made to exhaust the server: JSON whose key paths repeat for every value, CSV whose long
 * headers repeat for every row, a DOCX and a PDF whose small compressed parts inflate to hundreds
 * of megabytes. Each fails as an item with an error that says why, quickly; the server stays up
 * and an ordinary item uploaded after them is indexed.
 */
class PoisonFilesIT {

    private static Api api;
    private static Knowledge knowledge;
    private static String base;

    @BeforeAll
    static void setUp() {
        api = Api.createOrg("poison").api();
        knowledge = new Knowledge(api);
        base = api.post("/api/v1/bases", Api.obj("name", "poison")).expect(201).id();
    }

    private static JsonNode uploadAndWait(String name, String type, byte[] data) {
        long started = System.currentTimeMillis();
        String item = knowledge.upload(base, name, type, data, Map.of()).expect(201).id();
        JsonNode done = knowledge.awaitDone(base, item);
        long took = System.currentTimeMillis() - started;
        assertTrue(took < 30_000, name + " was decided within 30 s: " + took + " ms");
        return done;
    }

    private static void assertFailedWith(JsonNode item, String why) {
        assertEquals("failed", item.path("status").asText(), item.toString());
        assertTrue(item.path("error").asText().contains(why), item.path("error").asText());
    }

    @Test
    void jsonAndCsvThatExpandWithoutEndFailWithTheirReason() {
        // 30 nested keys of 20,000 characters over an array: a path of 600,000 characters per value
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            deep.append("{\"").append(Character.toString('a' + i % 26).repeat(20_000)).append("\":");
        }
        deep.append("[").append("0,".repeat(20_000)).append("0]").append("}".repeat(30));
        assertFailedWith(uploadAndWait("deep.json", "application/json", bytes(deep)), "key path longer");

        // paths of 8,000 characters, short enough, repeated for 20,000 values: far past the text limit
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            wide.append("{\"").append(Character.toString('k' + i).repeat(1_000)).append("\":");
        }
        wide.append("[").append("1,".repeat(20_000)).append("1]").append("}".repeat(8));
        assertFailedWith(uploadAndWait("wide.json", "application/json", bytes(wide)), "longer than the limit");

        // 100 headers of 5,000 characters, named again on each of 2,000 rows
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < 100; c++) {
            csv.append(c == 0 ? "" : ",").append(("h" + c + "-").repeat(1_250));
        }
        csv.append('\n');
        String row = "1," .repeat(99) + "1\n";
        csv.append(row.repeat(2_000));
        assertFailedWith(uploadAndWait("wide.csv", "text/csv", bytes(csv)), "longer than the limit");

        assertEquals("ready", knowledge.awaitReady(base, knowledge.addText(base, "after the bombs", "still indexed")).path("status")
                .asText(), "an ordinary item is indexed after them");
    }

    @Test
    void docxAndPdfThatInflateToHundredsOfMegabytesFail() throws IOException {
        assertEquals("failed", uploadAndWait("bomb.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docxBomb()).path("status").asText());
        JsonNode pdf = uploadAndWait("bomb.pdf", "application/pdf", pdfBomb());
        assertEquals("failed", pdf.path("status").asText(), pdf.toString());
        assertTrue(pdf.path("error").asText().contains("longer than the limit"), pdf.toString());
        api.get("/health/ready").expect(200);
        assertEquals("ready", knowledge.awaitReady(base, knowledge.addText(base, "after the archives", "indexed")).path("status")
                .asText());
    }

    private static byte[] bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A DOCX whose document part is 200 MB of the same byte. */
    private static byte[] docxBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                    + "content-types\"><Default Extension=\"xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
                    + "wordprocessingml.document.main+xml\"/></Types>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** A one-page PDF whose content stream inflates to 200 MB of text to show (a glyph kept in memory for each). */
    private static byte[] pdfBomb() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
            deflate.write("BT /F1 12 Tf 72 712 Td\n".getBytes(StandardCharsets.US_ASCII));
            byte[] block = "(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj\n".repeat(16_384)
                    .getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 200L << 20; written += block.length) {
                deflate.write(block);
            }
            deflate.write("ET\n".getBytes(StandardCharsets.US_ASCII));
        }
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        pdf.write(("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
                + "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
                + "4 0 obj << /Length " + compressed.size() + " /Filter /FlateDecode >>\nstream\n")
                .getBytes(StandardCharsets.US_ASCII));
        pdf.write(compressed.toByteArray());
        pdf.write("\nendstream\nendobj\ntrailer << /Root 1 0 R /Size 6 >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        return pdf.toByteArray();
    }
}
