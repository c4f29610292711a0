package io.agentry.llm;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.agentry.agents.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls a model, blocking the calling thread: once as a whole reply, or streamed with each text
 * delta handed to an {@link Output} in the calling thread (so the caller owns its connection and
 * sees a client that went away). A call that fails with 429, 5xx or a connection error before
 * any output is retried after the provider's Retry-After, or with exponential backoff and jitter;
 * every failure ends as a {@link ProviderFailure}.
 */
@ApplicationScoped
public class ModelCaller {

    private static final long MAX_BACKOFF_MILLIS = 8_000;
    private static final long MAX_RETRY_AFTER_MILLIS = 30_000;

    @Inject
    LlmClients clients;

    @Inject
    LlmSettings settings;

    /**
     * Where streamed output goes; an IOException means the client is gone. Deltas may be held
     * until {@link #flush()}, which comes as soon as no further delta is waiting.
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
                return clients.chat(endpoint).chat(request);
            } catch (RuntimeException e) {
                ProviderFailure failure = ProviderFailure.of(endpoint.provider(), e);
                if (!failure.retriable() || attempt >= settings.maxRetries()) {
                    throw failure;
                }
                backoff(attempt, retryAfter.get(), failure);
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
                return streamOnce(endpoint, request, output, keepAliveEvery, started);
            } catch (ProviderFailure failure) {
                if (started.get() || !failure.retriable() || attempt >= settings.maxRetries()) {
                    throw failure;
                }
                backoff(attempt, retryAfter.get(), failure);
            } finally {
                RetryAfter.stop();
            }
        }
    }

    private ChatResponse streamOnce(ProviderEndpoint endpoint, ChatRequest request, Output output, Duration keepAliveEvery,
                                    AtomicBoolean started) throws ClientGone {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<StreamingHandle> handle = new AtomicReference<>();
        clients.streaming(endpoint).chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                handle.set(context.streamingHandle());
                if (cancelled.get()) {
                    context.streamingHandle().cancel();
                } else {
                    events.add(partial.text());
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                events.add(response);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }
        });
        long idleLimit = settings.timeout().toMillis();
        long lastEvent = System.currentTimeMillis();
        try {
            while (true) {
                Object event = events.poll(keepAliveEvery.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    if (System.currentTimeMillis() - lastEvent > idleLimit) {
                        cancel(cancelled, handle);
                        throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT, null,
                                endpoint.provider().wire() + " sent nothing for " + idleLimit / 1000 + " s", null);
                    }
                    output.keepAlive();
                    continue;
                }
                lastEvent = System.currentTimeMillis();
                // Deltas that arrived together go out in one write: a flush per delta costs a
                // system call and a packet each, and most when the server is busiest.
                while (event instanceof String text) {
                    started.set(true);
                    output.delta(text);
                    event = events.poll();
                }
                if (event == null) {
                    output.flush();
                } else if (event instanceof ChatResponse response) {
                    output.flush();
                    return requireFinished(endpoint, response);
                } else {
                    output.flush();
                    throw ProviderFailure.of(endpoint.provider(), (Throwable) event);
                }
            }
        } catch (IOException e) {
            cancel(cancelled, handle);
            throw new ClientGone(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(cancelled, handle);
            throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT, null, "interrupted while waiting for " + endpoint.provider().wire(), e);
        }
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

    private static void cancel(AtomicBoolean cancelled, AtomicReference<StreamingHandle> handle) {
        cancelled.set(true);
        StreamingHandle h = handle.get();
        if (h != null) {
            h.cancel();
        }
    }

    /**
     * Waits before the next attempt: what the provider asked for in Retry-After, or exponential
     * backoff with jitter. A provider that asks for more than {@link #MAX_RETRY_AFTER_MILLIS} is
     * not waited for: the failure goes back to the caller at once.
     */
    private void backoff(int attempt, Duration retryAfter, ProviderFailure failure) {
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
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure(ProviderFailure.Kind.TIMEOUT, null, "interrupted while retrying", e);
        }
    }
}
