package io.agentry.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a URI whose percent-encoding is broken ({@code %} not followed by two hex digits) or
 * does not decode to UTF-8, with the API's JSON 400, before anything decodes it: left to the
 * JAX-RS runtime, a query parameter like {@code cursor=%%%garbage} ended as a 500.
 */
@WebFilter(urlPatterns = "/*")
public class UriEncodingFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String problem = problem(http.getRequestURI(), "path");
        if (problem == null) {
            problem = problem(http.getQueryString(), "query string");
        }
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse out = (HttpServletResponse) response;
        out.setStatus(400);
        out.setContentType("application/json");
        out.setCharacterEncoding("UTF-8");
        out.getOutputStream().write(JacksonWriter.MAPPER.writeValueAsBytes(ErrorBody.of("bad_request", problem, null)));
    }

    /** What is wrong with a raw (still encoded) part of the URI, or null. */
    static String problem(String raw, String part) {
        if (raw == null || raw.indexOf('%') < 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c < 0x80 ? c : '?'); // raw non-ASCII is the server's to reject; only escapes are checked here
                continue;
            }
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                return "malformed percent-encoding in the URI's " + part + " at character " + (i + 1)
                        + ": '%' must be followed by two hex digits";
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            return "the URI's " + part + " is percent-encoded but not UTF-8";
        }
        return null;
    }
}
