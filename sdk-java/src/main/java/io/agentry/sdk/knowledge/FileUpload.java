package io.agentry.sdk.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A file to add to a knowledge base as an item: txt, md, html, csv, json, pdf or docx (the
 * server goes by the file name's extension first). Held in memory so that it can be resent on a
 * retry. {@code FileUpload.of(Path.of("handbook.pdf")).title("Handbook").build()}.
 */
public final class FileUpload {

    private final String fileName;
    private final byte[] content;
    private final String contentType;
    private final String title;
    private final Map<String, ?> metadata;
    private final String source;

    private FileUpload(Builder b) {
        this.fileName = b.fileName;
        this.content = b.content;
        this.contentType = b.contentType;
        this.title = b.title;
        this.metadata = b.metadata;
        this.source = b.source;
    }

    public static Builder of(Path file) {
        try {
            return of(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static Builder of(String fileName, byte[] content) {
        return new Builder(fileName, content);
    }

    public String fileName() {
        return fileName;
    }

    public byte[] content() {
        return content.clone();
    }

    byte[] contentUnsafe() {
        return content;
    }

    public String contentType() {
        return contentType;
    }

    public String title() {
        return title;
    }

    public Map<String, ?> metadata() {
        return metadata;
    }

    public String source() {
        return source;
    }

    public static final class Builder {
        private final String fileName;
        private final byte[] content;
        private String contentType = "application/octet-stream";
        private String title;
        private Map<String, ?> metadata;
        private String source;

        private Builder(String fileName, byte[] content) {
            this.fileName = Objects.requireNonNull(fileName, "fileName");
            this.content = content.clone();
        }

        /** Only needed when the file name has no known extension. */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** Left out: the file name. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = Map.copyOf(metadata);
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public FileUpload build() {
            return new FileUpload(this);
        }
    }
}
