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

    /** Largest file accepted by an upload endpoint (multipart bodies may be this plus 1 MiB). */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.max-file-bytes", defaultValue = "20971520")
    long maxUploadBytes;

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }
}
