package io.agentry.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.JacksonWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Extracts the text of an uploaded file, keeping the structure the chunker splits on (blank
 * lines between paragraphs, one line per table row). CSV rows become "column: value" lines and
 * JSON leaves "path: value" lines, so each chunk still says what its numbers mean.
 */
public final class DocumentParser {

    private static final int MAX_PATH = 10_000;
    /** A dense printed page has a few thousand characters. */
    private static final int MAX_PAGE_GLYPHS = 100_000;

    private DocumentParser() {
    }

    /**
     * What reading one file may cost: characters of text it yields (JSON key paths and CSV
     * headers repeat per value: a small file can expand without end), bytes its compressed parts
     * may inflate to (PDF streams, DOCX parts), and seconds.
     */
    public record Limits(int maxChars, long maxDecompressedBytes, int seconds) {
    }

    /** The file's text within {@code limits}; a {@link ParseException} naming the problem otherwise. */
    public static String text(FileType type, byte[] data, Limits limits) {
        TextBudget out = new TextBudget(limits);
        switch (type) {
            case TXT, MARKDOWN -> out.append(utf8(data));
            case HTML -> html(utf8(data), out);
            case CSV -> csv(utf8(data), out);
            case JSON -> json(data, out);
            case PDF -> pdf(data, limits, out);
            case DOCX -> docx(data, limits, out);
        }
        String text = out.text();
        text = text.replace("\u0000", "").strip();
        if (text.isEmpty()) {
            throw new ParseException("the " + type.name().toLowerCase() + " file has no text to index"
                    + (type == FileType.PDF ? " (a scanned PDF has only images)" : ""));
        }
        return text;
    }

    private static String utf8(byte[] data) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new ParseException("the file is not UTF-8 text");
        }
    }

    private static void html(String html, TextBudget budget) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, noscript, template, head").remove();
        StringBuilder out = new StringBuilder();
        doc.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                budget.check(out.length());
                if (node instanceof TextNode text) {
                    out.append(text.text());
                } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) {
                    out.append(e.nameIs("p") || e.normalName().matches("h[1-6]") ? "\n\n" : "\n");
                }
            }
        });
        budget.append(out.toString().replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n *", "\n")
                .replaceAll("\\n{3,}", "\n\n"));
    }

    private static void csv(String csv, TextBudget out) {
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).get()
                .parse(new StringReader(csv))) {
            var headers = parser.getHeaderNames();
            for (CSVRecord row : parser) {
                for (int i = 0; i < row.size(); i++) {
                    String header = i < headers.size() && !headers.get(i).isBlank() ? headers.get(i) : "column " + (i + 1);
                    if (!row.get(i).isEmpty()) {
                        out.append(header).append(": ").append(row.get(i)).append('\n');
                    }
                }
                out.append('\n');
            }
        } catch (ParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ParseException("the CSV file could not be read: " + e.getMessage());
        }
    }

    private static void json(byte[] data, TextBudget out) {
        JsonNode root;
        try {
            root = JacksonWriter.MAPPER.readTree(data);
        } catch (IOException e) {
            throw new ParseException("the JSON file is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null) {
            throw new ParseException("the JSON file is empty");
        }
        flatten("", root, out);
    }

    private static void flatten(String path, JsonNode node, TextBudget out) {
        if (path.length() > MAX_PATH) {
            throw new ParseException("the JSON file has a key path longer than " + MAX_PATH + " characters");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), out);
            }
            if (path.isEmpty() || path.indexOf('.') < 0) {
                out.append('\n'); // a blank line after each top-level object: a natural chunk border
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), out);
            }
        } else if (!node.isNull()) {
            out.append(path.isEmpty() ? "" : path + ": ").append(node.asText()).append('\n');
        }
    }

    private static void pdf(byte[] data, Limits limits, TextBudget out) {
        // streams decode into memory capped at the limit: a small file cannot inflate into the heap
        try (PDDocument pdf = Loader.loadPDF(data, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(limits.maxDecompressedBytes()).streamCache)) {
            // a page's glyphs are all held (a few hundred bytes each) before its text is written: cap them per page
            PDFTextStripper stripper = new PDFTextStripper() {
                private int glyphs;

                @Override
                protected void startPage(org.apache.pdfbox.pdmodel.PDPage page) throws IOException {
                    glyphs = 0;
                    super.startPage(page);
                }

                @Override
                protected void processTextPosition(TextPosition text) {
                    if (++glyphs > MAX_PAGE_GLYPHS) {
                        throw new ParseException("a page of the PDF has more than " + MAX_PAGE_GLYPHS
                                + " characters, more than any real page: the file is longer than the limit this server reads");
                    }
                    out.check(glyphs);
                    super.processTextPosition(text);
                }
            };
            stripper.setParagraphEnd("\n\n");
            stripper.writeText(pdf, out.writer());
        } catch (InvalidPasswordException e) {
            throw new ParseException("the PDF is password-protected");
        } catch (ParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ParseException("the PDF could not be read: " + e.getMessage());
        }
    }

    private static void docx(byte[] data, Limits limits, TextBudget out) {
        // POI refuses parts that inflate more than 100 times (a zip bomb) and, here, past the limit
        ZipSecureFile.setMaxEntrySize(limits.maxDecompressedBytes());
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(data));
             XWPFWordExtractor extractor = new XWPFWordExtractor(doc)) {
            out.append(extractor.getText());
        } catch (ParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ParseException("the DOCX file could not be read: " + e.getMessage());
        }
    }
}
