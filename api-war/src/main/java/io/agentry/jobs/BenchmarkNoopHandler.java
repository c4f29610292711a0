package io.agentry.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Benchmark-only: with AGENTRY_BENCH_NOOP_JOBS=true, jobs of kind {@code bench.noop} (which only
 * bench/work.sh writes, straight into the table) are claimed and finished doing nothing, so the
 * engine's own cost can be measured. Off by default: nothing claims the kind.
 */
@ApplicationScoped
public class BenchmarkNoopHandler implements JobHandler {

    @Inject
    @ConfigProperty(name = "agentry.bench.noop-jobs", defaultValue = "false")
    boolean enabled;

    @Override
    public String kind() {
        return "bench.noop";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void run(JobContext job) {
        // the engine's claim, dispatch and removal are what is measured
    }

    @Override
    public int concurrency() {
        return 32;
    }
}
