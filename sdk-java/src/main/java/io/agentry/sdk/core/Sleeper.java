package io.agentry.sdk.core;

import java.time.Duration;

/** Waits between retries. A seam so tests can record the delays instead of sleeping them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = delay -> Thread.sleep(delay.toMillis());

    void sleep(Duration delay) throws InterruptedException;
}
