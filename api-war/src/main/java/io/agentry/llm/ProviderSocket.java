package io.agentry.llm;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.Socket;

/**
 * A connection to a provider that, in a thread serving a streamed call ({@link StreamingCall}),
 * flushes the client's output just before a read that would wait for the provider's next bytes.
 * Only here is that known: above the socket, HttpClient's chunk decoder reports nothing available
 * at every chunk's end even when the next chunks are already buffered, and providers send each
 * event as a chunk of its own. Deltas that arrived together therefore leave in one write, and
 * none waits for the next. TLS sockets are layered over this one, so its reads see theirs.
 */
final class ProviderSocket extends Socket {

    private InputStream input;

    ProviderSocket() {
    }

    ProviderSocket(Proxy proxy) {
        super(proxy);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = new FlushBeforeWait(super.getInputStream());
        }
        return input;
    }

    private static final class FlushBeforeWait extends FilterInputStream {

        FlushBeforeWait(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            beforeRead();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            beforeRead();
            return super.read(b, off, len);
        }

        private void beforeRead() throws IOException {
            StreamingCall call = StreamingCall.current();
            if (call != null && in.available() == 0) {
                call.beforeWait();
            }
        }
    }
}
