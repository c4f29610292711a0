package io.agentry.sdk.core;

import io.agentry.sdk.http.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds a multipart/form-data body (RFC 7578) in memory. */
public final class Multipart {

    private final String boundary = "agentry-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Multipart text(String name, String value) {
        if (value != null) {
            head("form-data; name=\"" + quote(name) + "\"", "text/plain; charset=UTF-8");
            write(value.getBytes(StandardCharsets.UTF_8));
            write("\r\n");
        }
        return this;
    }

    public Multipart file(String name, String fileName, String contentType, byte[] content) {
        head("form-data; name=\"" + quote(name) + "\"; filename=\"" + quote(fileName) + "\"", contentType);
        write(content);
        write("\r\n");
        return this;
    }

    public HttpRequest.Body build() {
        write("--" + boundary + "--\r\n");
        return new HttpRequest.Body("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private void head(String disposition, String contentType) {
        write("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + contentType + "\r\n\r\n");
    }

    /** Quotes as browsers do (WHATWG): CR, LF and '"' percent-encoded. */
    private static String quote(String s) {
        return s.replace("\r", "%0D").replace("\n", "%0A").replace("\"", "%22");
    }

    private void write(String s) {
        write(s.getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }
}
