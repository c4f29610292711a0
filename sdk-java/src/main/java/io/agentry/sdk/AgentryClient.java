package io.agentry.sdk;

import io.agentry.sdk.agents.AgentService;
import io.agentry.sdk.chat.ChatService;
import io.agentry.sdk.conversations.ConversationService;
import io.agentry.sdk.hooks.HookService;
import io.agentry.sdk.providers.ProviderService;
import io.agentry.sdk.runs.RunService;
import io.agentry.sdk.tasks.TaskService;
import io.agentry.sdk.teams.TeamService;
import io.agentry.sdk.usage.UsageService;
import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.RetryPolicy;
import io.agentry.sdk.core.Sleeper;
import io.agentry.sdk.http.HttpTransport;
import io.agentry.sdk.http.JdkHttpTransport;
import io.agentry.sdk.knowledge.BaseService;
import io.agentry.sdk.organizations.MeService;
import io.agentry.sdk.organizations.OrganizationService;
import io.agentry.sdk.tokens.TokenService;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The Agentry API client. Thread-safe; make one and share it.
 *
 * <pre>{@code
 * AgentryClient client = AgentryClient.fromEnv();               // AGENTRY_API_KEY, AGENTRY_BASE_URL
 * Agent agent = client.agents().create(AgentCreateParams.builder().name("Reviewer").build());
 * for (Agent a : client.agents().list().autoPager()) { ... }
 * }</pre>
 *
 * Failed calls are retried (408, 409, 429, 5xx, no response) with exponential backoff and
 * jitter, honouring {@code Retry-After}; every POST carries an {@code Idempotency-Key} that its
 * retries reuse, so a retried POST never acts twice. Errors are unchecked
 * {@link io.agentry.sdk.errors.AgentryException}s.
 */
public final class AgentryClient implements AutoCloseable {

    public static final String DEFAULT_BASE_URL = "http://localhost:9080";

    private final Builder settings;
    private final HttpTransport transport;
    private final ApiClient api;
    private final boolean ownsTransport;

    private AgentryClient(Builder b, HttpTransport transport, boolean ownsTransport) {
        this.settings = b.copy();
        this.transport = transport;
        this.ownsTransport = ownsTransport;
        this.api = new ApiClient(URI.create(b.baseUrl), b.apiKey, b.timeout, b.maxRetries, transport,
                new RetryPolicy(b.random), b.sleeper);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from the environment: the API key from system property
     * {@code agentry.apiKey} or else variable {@code AGENTRY_API_KEY} (required), the base URL
     * from {@code agentry.baseUrl} or {@code AGENTRY_BASE_URL} (default {@value #DEFAULT_BASE_URL}).
     */
    public static AgentryClient fromEnv() {
        return builder().fromEnv().build();
    }

    /** A client sharing this one's connections, with some settings changed. */
    public AgentryClient withOptions(java.util.function.Consumer<Builder> changes) {
        Builder b = settings.copy();
        changes.accept(b);
        return new AgentryClient(b, transport, false);
    }

    public AgentService agents() {
        return new AgentService(api);
    }

    public TokenService tokens() {
        return new TokenService(api);
    }

    /** Agents published by organizations' admins: browse and install. */
    public io.agentry.sdk.marketplace.MarketplaceService marketplace() {
        return new io.agentry.sdk.marketplace.MarketplaceService(api);
    }

    public MeService me() {
        return new MeService(api);
    }

    public OrganizationService organizations() {
        return new OrganizationService(api);
    }

    /** Knowledge bases; {@code bases().items(baseId)} for their items. */
    public BaseService bases() {
        return new BaseService(api);
    }

    /** Chat with an agent: whole replies, streamed replies, or replies later. */
    public ChatService chat() {
        return new ChatService(api);
    }

    public ConversationService conversations() {
        return new ConversationService(api);
    }

    /** Work handed to an agent and run in the background; {@code tasks().events(id)} follows one live. */
    public TaskService tasks() {
        return new TaskService(api);
    }

    /** Agents working together: a pipeline, an orchestrating lead with members, or a collaboration. */
    public TeamService teams() {
        return new TeamService(api);
    }

    /**
     * Team runs: a team working on one input task.
     *
     * @return the accessor that starts runs, follows them live ({@code runs().events(id)}),
     *         resumes a paused pipeline and cancels
     */
    public RunService runs() {
        return new RunService(api);
    }

    /**
     * Webhook subscriptions and their delivery logs; a receiver verifies each message with
     * {@link io.agentry.sdk.webhooks.Webhooks#verify}.
     */
    public HookService hooks() {
        return new HookService(api);
    }

    /** A record per model call, and aggregates by agent, model, provider, token or day. */
    public UsageService usage() {
        return new UsageService(api);
    }

    /** How the organization reaches each LLM provider, and its own keys and base URLs. */
    public ProviderService providers() {
        return new ProviderService(api);
    }

    public URI baseUrl() {
        return api.baseUri();
    }

    /** Releases the transport (when this client made it). */
    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxRetries = 2;
        private HttpTransport transport;
        private Sleeper sleeper = Sleeper.REAL;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** e.g. {@code https://agentry.example.com}; a path prefix is kept. */
        public Builder baseUrl(String baseUrl) {
            URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL: " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** A {@code pk_...} token. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /** Time allowed for each attempt until the response starts (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Default 10 s; used by the default transport only. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** Retries after the first attempt (default 2; 0 turns retrying off). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Another HTTP stack; by default the JDK's HttpClient. The caller closes it. */
        public Builder transport(HttpTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Reads {@code agentry.apiKey}/{@code AGENTRY_API_KEY} and {@code agentry.baseUrl}/{@code AGENTRY_BASE_URL}. */
        public Builder fromEnv() {
            String key = setting("agentry.apiKey", "AGENTRY_API_KEY");
            if (key != null) {
                apiKey(key);
            }
            String url = setting("agentry.baseUrl", "AGENTRY_BASE_URL");
            if (url != null) {
                baseUrl(url);
            }
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        public AgentryClient build() {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalStateException("an API key is required: apiKey(...) or AGENTRY_API_KEY");
            }
            boolean own = transport == null;
            return new AgentryClient(this, own ? new JdkHttpTransport(connectTimeout) : transport, own);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.baseUrl = baseUrl;
            b.apiKey = apiKey;
            b.timeout = timeout;
            b.connectTimeout = connectTimeout;
            b.maxRetries = maxRetries;
            b.transport = transport;
            b.sleeper = sleeper;
            b.random = random;
            return b;
        }

        private static String setting(String property, String variable) {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                v = System.getenv(variable);
            }
            return v == null || v.isBlank() ? null : v.strip();
        }
    }
}
