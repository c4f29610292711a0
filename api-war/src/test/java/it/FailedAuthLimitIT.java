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
 * speaks HTTP from 127.0.0.2 so the other tests' address (127.0.0.1) is not throttled.
 */
class FailedAuthLimitIT {

    private record Answer(int status, Map<String, String> headers) {
    }

    private static Answer getFrom(String localAddress, String token) throws IOException {
        URI base = URI.create(Api.h2BaseUrl());
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/agents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
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
}
