package io.agentry.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file types an item can be uploaded as, recognised by file extension or media type. */
public enum FileType {
    TXT("text/plain", "txt", "text", "log"),
    MARKDOWN("text/markdown", "md", "markdown"),
    HTML("text/html", "html", "htm"),
    CSV("text/csv", "csv"),
    JSON("application/json", "json"),
    PDF("application/pdf", "pdf"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");

    private final String mediaType;
    private final List<String> extensions;

    FileType(String mediaType, String... extensions) {
        this.mediaType = mediaType;
        this.extensions = List.of(extensions);
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The type of an upload: by the file name's extension when it has a known one, else by the
     * part's media type (generic ones such as application/octet-stream say nothing).
     */
    public static Optional<FileType> of(String fileName, String mediaType) {
        if (fileName != null) {
            int dot = fileName.lastIndexOf('.');
            if (dot >= 0) {
                String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
                for (FileType type : values()) {
                    if (type.extensions.contains(extension)) {
                        return Optional.of(type);
                    }
                }
            }
        }
        if (mediaType != null) {
            String bare = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            for (FileType type : values()) {
                if (type.mediaType.equals(bare)) {
                    return Optional.of(type);
                }
            }
            if (bare.equals("text/x-markdown")) {
                return Optional.of(MARKDOWN);
            }
        }
        return Optional.empty();
    }

    public static String supported() {
        return "txt, md, html, csv, json, pdf, docx";
    }
}
