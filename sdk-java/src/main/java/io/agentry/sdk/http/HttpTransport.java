package io.agentry.sdk.http;

import java.io.Closeable;
import java.io.IOException;

/**
 * The SDK's only seam to the network: it sends one request and returns the response as soon as
 * its headers have arrived. Retries, authentication and JSON live above it, so a custom
 * transport (another HTTP library, a recording proxy in tests) only moves bytes.
 * {@link JdkHttpTransport} is the default.
 */
public interface HttpTransport extends Closeable {

    /**
     * @throws IOException when no response was received (connection refused or reset, timeout);
     *                     the SDK retries these like 5xx responses
     */
    HttpResponse execute(HttpRequest request) throws IOException;

    @Override
    default void close() {
    }
}
