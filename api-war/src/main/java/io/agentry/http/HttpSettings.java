package io.agentry.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** HTTP-level limits, from MicroProfile Config (environment variables such as AGENTRY_MAX_BODY_BYTES). */
@ApplicationScoped
public class HttpSettings {

    @Inject
    @ConfigProperty(name = "agentry.max.body.bytes", defaultValue = "1048576")
    long maxBodyBytes;

    public long maxBodyBytes() {
        return maxBodyBytes;
    }
}
