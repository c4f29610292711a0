package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guessing tokens is throttled per client address: after AGENTRY_AUTH_FAILURES_PER_MINUTE failed
 * authentications (20 on the H2 test server) an address gets 429 for unknown credentials, without
 * a database lookup, while tokens the server already verified keep working from it. The test
 * speaks HTTP from 127.0.0.2 so the other tests' address (127.0.0.1) is not throttled. Behind the
 * H2 server's trusted reverse proxy (127.0.0.3, AGENTRY_TRUSTED_PROXIES) each forwarded client has
 * its own budget (an IPv6 client per /64); anyone else's X-Forwarded-For is ignored.
 */
class FailedAuthLimitIT {

    private record Answer(int status, Map<String, String> headers) {
    }

    private static Answer getFrom(String localAddress, String token) throws IOException {
        return getFrom(localAddress, token, null);
    }

    /** A GET of the agents from {@code localAddress}, with an X-Forwarded-For header when given. */
    private static Answer getFrom(String localAddress, String token, String forwardedFor) throws IOException {
        URI base = URI.create(Api.h2BaseUrl());
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/agents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + (forwardedFor == null ? "" : "\r\nX-Forwarded-For: " + forwardedFor)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
            return new Answer(status, headers);
        }
    }

    @Test
    void guessingIsThrottledPerAddressAndKnownTokensKeepWorking() throws IOException {
        String known = Api.bootstrapToken();
        Api.at(Api.h2BaseUrl(), known).get("/api/v1/agents").expect(200); // verified, so cached by the server

        int refusedAt = -1;
        for (int i = 1; i <= 30; i++) {
            Answer answer = getFrom("127.0.0.2", Api.randomToken());
            if (answer.status() == 429) {
                refusedAt = i;
                long retryAfter = Long.parseLong(answer.headers().get("retry-after"));
                assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
                break;
            }
            assertEquals(401, answer.status(), "attempt " + i + " is an ordinary 401 until the budget is spent");
        }
        // 20 a minute, refilled gradually: the 21st attempt is refused (22nd on a very slow machine).
        assertTrue(refusedAt == 21 || refusedAt == 22, "throttled after 20 failures, at attempt " + refusedAt);

        assertEquals(200, getFrom("127.0.0.2", known).status(), "a token the server knows still works from there");
        assertEquals(401, getFrom("127.0.0.1", Api.randomToken()).status(), "other addresses are not throttled");
    }

    /** Sends bad tokens until the 429; returns the attempt that got it (-1: none within 30). */
    private static int attemptsUntilThrottled(String localAddress, java.util.function.IntFunction<String> forwardedFor)
            throws IOException {
        for (int i = 1; i <= 30; i++) {
            Answer answer = getFrom(localAddress, Api.randomToken(), forwardedFor.apply(i));
            if (answer.status() == 429) {
                return i;
            }
            assertEquals(401, answer.status(), "attempt " + i);
        }
        return -1;
    }

    @Test
    void behindATrustedProxyEachClientHasItsOwnBudget() throws IOException {
        String fresh = Api.at(Api.h2BaseUrl(), Api.bootstrapToken()).post("/api/v1/tokens", Api.obj("name", Api.unique("proxied")))
                .expect(201).data().path("token").asText();
        // one client guessing through the proxy is throttled...
        int refusedAt = attemptsUntilThrottled("127.0.0.3", i -> "198.51.100.7");
        assertTrue(refusedAt == 21 || refusedAt == 22, "the guessing client is throttled: " + refusedAt);
        // ...and no one else behind the same proxy is: another client's new token, never seen before, works
        assertEquals(200, getFrom("127.0.0.3", fresh, "198.51.100.8").status(), "another client is not locked out");
        // a client's own hops to the left of the proxy's entry are not believed
        assertEquals(429, getFrom("127.0.0.3", Api.randomToken(), "198.51.100.8, 198.51.100.7").status());

        // rotating IPv6 addresses inside one /64 does not reset the budget
        int rotatedAt = attemptsUntilThrottled("127.0.0.3", i -> "2001:db8:77:1::" + Integer.toHexString(i));
        assertTrue(rotatedAt == 21 || rotatedAt == 22, "one /64 is one client: " + rotatedAt);

        // a peer that is not a trusted proxy cannot pick its address with the header
        int spoofedAt = attemptsUntilThrottled("127.0.0.4", i -> "203.0.113." + i);
        assertTrue(spoofedAt == 21 || spoofedAt == 22, "the header of an untrusted peer is ignored: " + spoofedAt);
    }

    @Test
    void noRequestWithoutCredentialsIsLetThroughWhateverTheBenchmarkSettingSays() throws IOException {
        // the H2 server has AGENTRY_BENCH_ANONYMOUS_ORGANIZATION set, which once let any loopback peer read unauthenticated
        URI base = URI.create(Api.h2BaseUrl());
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/v1/agents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("401", status.split(" ")[1], status);
        }
    }
}
