package io.agentry.llm;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.agentry.llm.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls a model, blocking the calling thread: once as a whole reply, or streamed with each text
 * delta written to an {@link Output} from the calling thread as it arrives (a client that went
 * away is seen at the next write or keep-alive, and the provider call is dropped). A call that
 * fails with 429, 5xx or a connection error before any output is retried after the provider's
 * Retry-After, or with exponential backoff and jitter; every failure ends as a
 * {@link ProviderFailure}.
 */
@ApplicationScoped
public class ModelCaller {

    private static final long MAX_BACKOFF_MILLIS = 8_000;
    private static final long MAX_RETRY_AFTER_MILLIS = 30_000;

    @Inject
    LlmClients clients;

    @Inject
    LlmSettings settings;

    @Inject
    KeepAlives keepAlives;

    /**
     * Where streamed output goes; an IOException means the client is gone. Deltas may be held
     * until {@link #flush()}, which comes as soon as no further byte from the provider is waiting.
     * Calls come one at a time, keep-alives from another thread.
     */
    public interface Output {
        void delta(String text) throws IOException;

        void flush() throws IOException;

        void keepAlive() throws IOException;
    }

    /** The client of a streamed call went away; generation was cancelled. */
    public static final class ClientGone extends Exception {
        public ClientGone(IOException cause) {
            super("client disconnected", cause);
        }
    }

    public ChatResponse call(ProviderEndpoint endpoint, ChatRequest request) {
        for (int attempt = 0; ; attempt++) {
            AtomicReference<Duration> retryAfter = RetryAfter.listen();
            try {
                CallAbort.check(endpoint.provider());
                return clients.chat(endpoint).chat(request);
            } catch (RuntimeException e) {
                CallAbort.check(endpoint.provider()); // a dropped connection after an abort is the abort
                ProviderFailure failure = ProviderFailure.of(endpoint.provider(), e);
                if (!failure.retriable() || attempt >= settings.maxRetries()) {
                    throw failure;
                }
                backoff(attempt, retryAfter.get(), failure, endpoint.provider());
            } finally {
                RetryAfter.stop();
            }
        }
    }

    public ChatResponse stream(ProviderEndpoint endpoint, ChatRequest request, Output output, Duration keepAliveEvery) throws ClientGone {
        AtomicBoolean started = new AtomicBoolean();
        for (int attempt = 0; ; attempt++) {
            AtomicReference<Duration> retryAfter = RetryAfter.listen();
            try {
                CallAbort.check(endpoint.provider());
                return streamOnce(endpoint, request, output, keepAliveEvery, started);
            } catch (ProviderFailure failure) {
                CallAbort.check(endpoint.provider());
                if (started.get() || !failure.retriable() || attempt >= settings.maxRetries()) {
                    throw failure;
                }
                backoff(attempt, retryAfter.get(), failure, endpoint.provider());
            } finally {
                RetryAfter.stop();
            }
        }
    }

    /**
     * One attempt. The transport reads the provider in this thread, so the handler below runs here
     * too and writes each delta straight to the output; {@link KeepAlives} covers the silences.
     */
    private ChatResponse streamOnce(ProviderEndpoint endpoint, ChatRequest request, Output output, Duration keepAliveEvery,
                                    AtomicBoolean started) throws ClientGone {
        StreamingCall call = new StreamingCall(output, keepAliveEvery.toNanos());
        AtomicReference<Object> end = new AtomicReference<>();
        try {
            call.bind();
            keepAlives.watch(call);
            clients.streaming(endpoint).chat(request, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    if (call.delta(partial.text())) {
                        started.set(true);
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    end.compareAndSet(null, response);
                }

                @Override
                public void onError(Throwable error) {
                    end.compareAndSet(null, error);
                }
            });
        } finally {
            keepAlives.unwatch(call);
            call.end();
        }
        try {
            if (call.clientGone() != null) {
                throw call.clientGone();
            }
            output.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
        Object result = end.get();
        if (result instanceof ChatResponse response) {
            return requireFinished(endpoint, response);
        }
        if (result == null) {
            throw new IllegalStateException(endpoint.provider().wire() + " call returned before its stream ended");
        }
        throw ProviderFailure.of(endpoint.provider(), (Throwable) result);
    }

    /**
     * An OpenAI-style stream ends with a chunk carrying {@code finish_reason}; LangChain4j reports
     * a stream that merely stopped (a dropped connection, an {@code error} chunk it does not read)
     * as complete too, which would store a cut reply as whole.
     */
    private static ChatResponse requireFinished(ProviderEndpoint endpoint, ChatResponse response) {
        boolean openAiStyle = endpoint.provider() == Provider.OPENAI || endpoint.provider() == Provider.OPENAI_COMPATIBLE;
        if (openAiStyle && response.finishReason() == null) {
            throw new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, null, endpoint.provider().wire()
                    + " ended the stream before finishing the reply (no finish_reason)", null);
        }
        return response;
    }

    /**
     * Waits before the next attempt: what the provider asked for in Retry-After, or exponential
     * backoff with jitter. A provider that asks for more than {@link #MAX_RETRY_AFTER_MILLIS} is
     * not waited for: the failure goes back to the caller at once.
     */
    private void backoff(int attempt, Duration retryAfter, ProviderFailure failure, Provider provider) {
        long delay;
        if (retryAfter != null) {
            if (retryAfter.toMillis() > MAX_RETRY_AFTER_MILLIS) {
                throw failure;
            }
            delay = retryAfter.toMillis();
        } else {
            delay = Math.min(MAX_BACKOFF_MILLIS, settings.retryBaseMillis() << Math.min(attempt, 20));
            delay -= (long) (delay * 0.25 * ThreadLocalRandom.current().nextDouble());
        }
        long until = System.nanoTime() + delay * 1_000_000;
        try {
            // in short steps, so an abort ends the wait too
            for (long left = delay; left > 0; left = (until - System.nanoTime()) / 1_000_000) {
                Thread.sleep(Math.min(left, 100));
                CallAbort.check(provider);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT, null, "interrupted while retrying", e);
        }
    }
}
