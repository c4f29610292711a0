package io.agentry.providers;

import io.agentry.llm.Provider;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.OutboundUrls;
import io.agentry.http.Page;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import io.agentry.llm.LlmSettings;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An organization's own provider settings: a base URL (checked like every URL the server will
 * call), an API key (sealed by {@link SecretBox}, never returned), or both. They replace the
 * server's settings for that provider as a whole, so a server key is never sent to a URL an
 * organization chose.
 */
@ApplicationScoped
public class ProviderService {

    static final Set<String> FIELDS = Set.of("api_key", "base_url");

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    LlmSettings settings;

    @Inject
    SecretBox secrets;

    @Inject
    OutboundUrls outboundUrls;

    @Inject
    Event<ProvidersChanged> changes;

    /** Binds a sealed key to its organization and provider. */
    static String sealingContext(UUID organizationId, Provider provider) {
        return "provider-key:" + organizationId + ":" + provider.wire();
    }

    public static Provider provider(String wire) {
        return WireEnum.parsePlain(Provider.class, wire).orElseThrow(() -> ApiException.notFound("no provider '" + wire
                + "'; providers are openai, anthropic, ollama and openai_compatible"));
    }

    @Transactional
    public Page<ProviderView> list(Caller caller) {
        Map<Provider, ProviderCredential> own = new EnumMap<>(Provider.class);
        for (ProviderCredential c : em.createQuery("select c from ProviderCredential c where c.organizationId = :org",
                ProviderCredential.class).setParameter("org", caller.organizationId()).getResultList()) {
            own.put(provider(c.getProvider()), c);
        }
        List<ProviderView> views = new ArrayList<>();
        for (Provider p : Provider.values()) {
            views.add(view(p, own.get(p)));
        }
        return new Page<>(views, null, false);
    }

    @Transactional
    public ProviderView get(Caller caller, Provider provider) {
        return view(provider, find(caller.organizationId(), provider));
    }

    @Transactional
    public ProviderView put(Caller caller, Provider provider, JsonInput input) {
        input.allowOnly(FIELDS);
        String apiKey = input.text("api_key", 1000);
        String baseUrl = input.text("base_url", 2000);
        if (apiKey == null && baseUrl == null) {
            throw ApiException.badRequest("give api_key, base_url or both");
        }
        if (apiKey != null) {
            if (provider == Provider.OLLAMA) {
                throw ApiException.invalid("api_key", "is not used by ollama; set base_url");
            }
            if (apiKey.isEmpty() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw ApiException.invalid("api_key", "must be printable ASCII without spaces (it is sent in an HTTP header)");
            }
        }
        if (baseUrl != null) {
            baseUrl = outboundUrls.check("base_url", baseUrl.strip());
        }
        String sealed = null;
        if (apiKey != null) {
            try {
                sealed = secrets.seal(apiKey, sealingContext(caller.organizationId(), provider));
            } catch (SecretBox.Unavailable e) {
                throw new ApiException(503, "secrets_not_configured", "provider keys cannot be stored: " + e.getMessage());
            }
        }
        OffsetDateTime now = Times.now();
        ProviderCredential credential = find(caller.organizationId(), provider);
        if (credential == null) {
            credential = new ProviderCredential(caller.organizationId(), provider.wire(), now);
            em.persist(credential);
        }
        credential.replace(baseUrl, sealed, apiKey != null && apiKey.length() >= 16 ? apiKey.substring(apiKey.length() - 4) : null, now);
        changes.fire(new ProvidersChanged(caller.organizationId()));
        return view(provider, credential);
    }

    @Transactional
    public void delete(Caller caller, Provider provider) {
        ProviderCredential credential = find(caller.organizationId(), provider);
        if (credential == null) {
            throw ApiException.notFound("the organization has no settings of its own for " + provider.wire());
        }
        em.remove(credential);
        changes.fire(new ProvidersChanged(caller.organizationId()));
    }

    /** An organization's endpoint from its stored settings, or why they cannot be used. */
    public record Opened(ProviderEndpoint endpoint, String problem) {
    }

    /** Opens the key and checks the base URL again: a host may have come to resolve somewhere it must not. */
    public Opened open(UUID organizationId, Provider provider, String storedBaseUrl, String sealedKey) {
        try {
            String baseUrl = storedBaseUrl == null ? settings.endpoint(provider).baseUrl()
                    : outboundUrls.check("base_url", storedBaseUrl);
            String apiKey = sealedKey == null ? null : secrets.open(sealedKey, sealingContext(organizationId, provider));
            return new Opened(new ProviderEndpoint(provider, baseUrl, apiKey, storedBaseUrl == null ? ProviderEndpoint.Source.ORGANIZATION
                    : ProviderEndpoint.Source.ORGANIZATION_URL), null);
        } catch (ApiException | SecretBox.Unavailable e) {
            return new Opened(null, e.getMessage());
        }
    }

    private ProviderCredential find(UUID organizationId, Provider provider) {
        return em.find(ProviderCredential.class, new ProviderCredential.Key(organizationId, provider.wire()));
    }

    private ProviderView view(Provider provider, ProviderCredential own) {
        if (own == null) {
            ProviderEndpoint server = settings.endpoint(provider);
            return new ProviderView(provider.wire(), "server", server.baseUrl(), server.apiKey() != null, null,
                    !server.missingRequiredKey(), null, null);
        }
        Opened opened = open(own.getOrganizationId(), provider, own.getBaseUrl(), own.getApiKeySealed());
        String baseUrl = opened.endpoint() != null ? opened.endpoint().baseUrl()
                : own.getBaseUrl() != null ? own.getBaseUrl() : settings.endpoint(provider).baseUrl();
        return new ProviderView(provider.wire(), "organization", baseUrl, own.getApiKeySealed() != null,
                own.getApiKeyHint() == null ? null : "..." + own.getApiKeyHint(),
                opened.problem() == null && !opened.endpoint().missingRequiredKey(), opened.problem(), own.getUpdatedAt());
    }
}
