package io.agentry.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the heap has room: a JVM near out-of-memory should be restarted. */
@Liveness
@ApplicationScoped
public class ServerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        boolean up = used < runtime.maxMemory() * 0.95;
        return HealthCheckResponse.named("heap").status(up)
                .withData("used_bytes", used).withData("max_bytes", runtime.maxMemory()).build();
    }
}
