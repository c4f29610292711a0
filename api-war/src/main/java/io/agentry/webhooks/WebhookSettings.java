package io.agentry.webhooks;

import io.agentry.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Webhook settings from MicroProfile Config (environment: AGENTRY_WEBHOOKS_...). */
@ApplicationScoped
public class WebhookSettings {

    /** Signs chat replies POSTed to a webhook_url (subscriptions have secrets of their own). */
    @Inject
    @ConfigProperty(name = "agentry.webhooks.secret")
    Optional<String> secret;

    /** The waits between attempts; a delivery gets one more attempt than there are waits. */
    @Inject
    @ConfigProperty(name = "agentry.webhooks.retry-schedule", defaultValue = "5s,30s,2m,10m,30m,1h,2h,4h,8h,12h,12h,12h,12h,12h")
    String retrySchedule;

    /** Deliveries one server sends at the same time. */
    @Inject
    @ConfigProperty(name = "agentry.webhooks.workers", defaultValue = "32")
    int workers;

    private volatile List<Duration> schedule;

    public Optional<String> serverSecret() {
        return secret.map(String::trim).filter(s -> !s.isEmpty());
    }

    /** Refuses an asynchronous chat when nothing could sign its reply. */
    public void requireServerSecret() {
        if (serverSecret().isEmpty()) {
            throw new ApiException(503, "webhooks_not_configured",
                    "asynchronous replies need a webhook signing secret on the server (set AGENTRY_WEBHOOKS_SECRET)");
        }
    }

    public List<Duration> schedule() {
        List<Duration> s = schedule;
        if (s == null) {
            s = parse(retrySchedule);
            schedule = s;
        }
        return s;
    }

    public int workers() {
        return Math.max(1, workers);
    }

    /** "5s,30s,2m,1h,500ms": a number and a unit (ms, s, m, h, d) each. */
    static List<Duration> parse(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            try {
                if (p.startsWith("-")) {
                    throw new NumberFormatException(p);
                }
                if (p.endsWith("ms")) {
                    delays.add(Duration.ofMillis(Long.parseLong(p.substring(0, p.length() - 2))));
                } else {
                    long n = Long.parseLong(p.substring(0, p.length() - 1));
                    delays.add(switch (p.charAt(p.length() - 1)) {
                        case 's' -> Duration.ofSeconds(n);
                        case 'm' -> Duration.ofMinutes(n);
                        case 'h' -> Duration.ofHours(n);
                        case 'd' -> Duration.ofDays(n);
                        default -> throw new NumberFormatException(p);
                    });
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("AGENTRY_WEBHOOKS_RETRY_SCHEDULE: '" + part.trim()
                        + "' is not a duration like 500ms, 5s, 2m, 1h or 1d");
            }
        }
        if (delays.isEmpty()) {
            throw new IllegalStateException("AGENTRY_WEBHOOKS_RETRY_SCHEDULE names no wait");
        }
        return List.copyOf(delays);
    }
}
