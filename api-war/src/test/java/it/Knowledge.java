package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Knowledge-base helpers for the integration tests: bases, items, uploads, waiting, querying. */
final class Knowledge {

    private final Api api;

    Knowledge(Api api) {
        this.api = api;
    }

    String createBase(String name, Object... extra) {
        Map<String, Object> body = obj(extra);
        body.put("name", name);
        return api.post("/api/v1/bases", body).expect(201).id();
    }

    String addText(String base, String title, String content, Object... extra) {
        Map<String, Object> body = obj(extra);
        body.put("title", title);
        body.put("content", content);
        return api.post("/api/v1/bases/" + base + "/items", body).expect(201).id();
    }

    Api.Resp upload(String base, String fileName, String mediaType, byte[] data, Map<String, String> fields) {
        Multipart form = new Multipart();
        fields.forEach(form::field);
        form.file("file", fileName, mediaType, data);
        return api.call("POST", "/api/v1/bases/" + base + "/items")
                .header("Content-Type", form.contentType()).body(form.bytes()).send();
    }

    JsonNode item(String base, String item) {
        return api.get("/api/v1/bases/" + base + "/items/" + item).expect(200).data();
    }

    /** Waits until the item leaves pending/processing; returns it (ready or failed). */
    JsonNode awaitDone(String base, String item) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode node = item(base, item);
            String status = node.path("status").asText();
            if (status.equals("ready") || status.equals("failed")) {
                return node;
            }
            Api.sleep(100);
        }
        fail("item " + item + " not indexed within 120 s: " + item(base, item));
        return null;
    }

    JsonNode awaitReady(String base, String item) {
        JsonNode node = awaitDone(base, item);
        assertEquals("ready", node.path("status").asText(), "item should be ready: " + node);
        return node;
    }

    /** Waits until every item of the base is ready or failed. */
    JsonNode awaitBaseIdle(String base, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JsonNode node = null;
        while (System.currentTimeMillis() < deadline) {
            node = api.get("/api/v1/bases/" + base).expect(200).data();
            JsonNode items = node.path("items");
            if (items.path("pending").asLong() == 0 && items.path("processing").asLong() == 0) {
                return node;
            }
            Api.sleep(200);
        }
        fail("base " + base + " still indexing after " + timeoutMillis + " ms: " + node);
        return null;
    }

    Api.Resp query(String base, Object... fields) {
        return api.post("/api/v1/bases/" + base + "/query", obj(fields));
    }

    List<JsonNode> results(String base, Object... fields) {
        List<JsonNode> results = new ArrayList<>();
        query(base, fields).expect(200).data().path("results").forEach(results::add);
        return results;
    }

    List<String> resultItems(String base, Object... fields) {
        return results(base, fields).stream().map(r -> r.path("item_id").asText()).toList();
    }

    static long chunkRows(String itemOrBase, String column) {
        return Api.countRows("select count(*) from knowledge_chunks where " + column + " = ?", UUID.fromString(itemOrBase));
    }

    // ---------------------------------------------------------------- documents written by the tests

    static byte[] pdf(String... lines) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.setLeading(16);
                content.newLineAtOffset(60, 720);
                for (String line : lines) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] docx(String... paragraphs) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String p : paragraphs) {
                doc.createParagraph().createRun().setText(p);
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A multipart/form-data body. */
    static final class Multipart {
        private final String boundary = "----agentry-it-" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<String, String> seen = new LinkedHashMap<>();

        Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            seen.put(name, value);
            return this;
        }

        Multipart file(String name, String fileName, String mediaType, byte[] data) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                    + (mediaType == null ? "" : "Content-Type: " + mediaType + "\r\n") + "\r\n");
            out.writeBytes(data);
            write("\r\n");
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return copy.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
