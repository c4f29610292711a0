package io.agentry.sdk;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock server per test, and a client on it whose retry pauses are recorded, not slept. */
abstract class WireMockSupport {

    static final String KEY = "pk_" + "ab".repeat(32);

    WireMockServer server;
    final List<Duration> pauses = new ArrayList<>();
    AgentryClient client;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        client = clientBuilder().build();
    }

    AgentryClient.Builder clientBuilder() {
        return AgentryClient.builder().baseUrl(server.baseUrl()).apiKey(KEY)
                .sleeper(pauses::add).random(() -> 0.0);
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.stop();
    }

    /** A v2 envelope around {@code data}. */
    static String envelope(String data) {
        return "{\"data\": " + data + ", \"meta\": {\"api_version\": 2, \"request_id\": \"req_1\", \"timestamp\": \"2026-11-23T10:00:00Z\"}}";
    }

    static final String AGENT = """
            {"id": "6f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9", "organization_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9",
             "workspace_id": "0f1c2a9e-0b7d-4c55-a1e2-f0b9a1e2f0b9", "name": "Reviewer", "description": null,
             "provider": "anthropic", "model": "claude-sonnet-4-20250514", "system_prompt": "Review.",
             "temperature": 0.3, "max_tokens": 4096, "tools": ["search"], "tags": ["code"], "knowledge_base_ids": [],
             "status": "idle", "is_marketplace": true, "install_count": 7,
             "created_at": "2026-11-23T10:00:00.123456Z", "updated_at": "2026-11-23T10:00:00Z"}""";
}
