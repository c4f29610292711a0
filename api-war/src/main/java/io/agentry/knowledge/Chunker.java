package io.agentry.knowledge;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import java.util.List;

/**
 * Splits text into chunks of at most {@code size} characters, recursively: by paragraphs, then
 * lines, sentences, words and characters, with up to {@code overlap} characters repeated
 * between neighbours so a passage cut in two is still found whole (LangChain4j's splitter).
 */
public final class Chunker {

    private Chunker() {
    }

    public static List<String> split(String text, int size, int overlap) {
        DocumentSplitter splitter = DocumentSplitters.recursive(size, overlap);
        return splitter.split(Document.from(text)).stream()
                .map(TextSegment::text)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
