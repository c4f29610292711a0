package io.agentry.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.agentry.http.OutboundUrls;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The receiver's address is checked when the connection is made, whatever was checked when it was saved. */
class WebhookSenderTest {

    private static WebhookSender sender(boolean allowLoopback) throws Exception {
        OutboundUrls urls = new OutboundUrls();
        java.lang.reflect.Field f = OutboundUrls.class.getDeclaredField("allowLoopback");
        f.setAccessible(true);
        f.setBoolean(urls, allowLoopback);
        WebhookSender sender = new WebhookSender();
        sender.outboundUrls = urls;
        sender.init();
        return sender;
    }

    @Test
    void aLoopbackReceiverIsRefusedAtConnectTimeUnlessAllowed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", e -> {
            hits.incrementAndGet();
            e.sendResponseHeaders(302, -1); // a redirect is an answer, never followed
            e.getResponseHeaders().add("Location", "http://169.254.169.254/");
            e.close();
        });
        server.start();
        String url = "http://localhost:" + server.getAddress().getPort() + "/hook";
        try {
            WebhookSender refusing = sender(false);
            io.agentry.http.GuardedDnsResolver.RefusedAddress refused = assertThrows(io.agentry.http.GuardedDnsResolver.RefusedAddress.class,
                    () -> refusing.post(url, Map.of(), "{}".getBytes(), abort -> { }));
            assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
            assertEquals(0, hits.get(), "nothing reached the receiver");
            refusing.close();

            WebhookSender allowing = sender(true);
            assertEquals(302, allowing.post(url, Map.of(), "{}".getBytes(), abort -> { }).status());
            assertEquals(1, hits.get(), "one request, the redirect not followed");
            allowing.close();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aReceiverThatAnswersWithoutEndIsNotReadToTheEnd() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", e -> {
            e.getRequestBody().readAllBytes();
            e.sendResponseHeaders(200, 0); // chunked, and it never ends
            byte[] block = new byte[8192];
            try (e; java.io.OutputStream out = e.getResponseBody()) {
                for (int i = 0; i < 1_000_000; i++) { // 8 GB: until the sender hangs up
                    out.write(block);
                }
            } catch (java.io.IOException hungUp) {
                // the sender closed the connection: expected
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            WebhookSender sender = sender(true);
            long start = System.nanoTime();
            assertEquals(200, sender.post("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", Map.of(),
                    "{}".getBytes(), abort -> { }).status());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "the endless answer was read for " + millis + " ms");
            sender.close();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        assertEquals(120L, WebhookSender.seconds("120"));
        assertEquals(0L, WebhookSender.seconds("-5"));
        long inAMinute = WebhookSender.seconds(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60)));
        assertTrue(inAMinute >= 58 && inAMinute <= 60, String.valueOf(inAMinute));
        assertEquals(null, WebhookSender.seconds("soon"));
    }
}
