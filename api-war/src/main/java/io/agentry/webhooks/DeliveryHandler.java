package io.agentry.webhooks;

import io.agentry.db.Times;
import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.jobs.JobHandler;
import io.agentry.jobs.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Sends one webhook message as a job: {@code webhook-id} (the same on every attempt),
 * {@code webhook-timestamp} and {@code webhook-signature} per Standard Webhooks. 2xx: delivered.
 * 410: failed, and the subscription disabled. Anything else (another status, no answer, a
 * refused address) is tried again on the retry schedule (about three days by default), no
 * sooner than a 429's or 503's Retry-After; every attempt is logged.
 */
@ApplicationScoped
public class DeliveryHandler implements JobHandler {

    public static final String KIND = "webhook.deliver";
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(12);

    @Inject
    WebhookDeliveries deliveries;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookSettings settings;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int concurrency() {
        return settings.workers();
    }

    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.schedule(settings.schedule().toArray(Duration[]::new));
    }

    @Override
    public void run(JobContext job) {
        WebhookDeliveries.Target target = deliveries.target(job.subjectId());
        if (target == null) {
            return;
        }
        byte[] body = target.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", target.messageId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSigner.sign(target.key(), target.messageId(), timestamp, body));
        OffsetDateTime at = Times.now();
        long started = System.nanoTime();
        WebhookSender.Answer answer = null;
        String error = null;
        try {
            answer = sender.post(target.url(), headers, body, job::onAbort);
        } catch (IOException e) {
            error = describe(e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        int status = answer == null ? 0 : answer.status();
        WebhookDeliveries.Attempt attempt = new WebhookDeliveries.Attempt(at, answer == null ? null : status, millis,
                error != null ? error : status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status);
        job.note(attempt);
        if (answer != null && status >= 200 && status < 300) {
            // One statement, no transaction: if the job's removal is lost (a crash), its next
            // attempt finds the delivery delivered and sends nothing.
            deliveries.delivered(target.deliveryId(), attempt);
            return;
        }
        if (status == 410) {
            job.complete(() -> deliveries.gone(target.deliveryId(), target.subscriptionId(), attempt));
            return;
        }
        if (answer != null && answer.retryAfterSeconds() != null && (status == 429 || status == 503)) {
            Duration wait = Duration.ofSeconds(answer.retryAfterSeconds());
            throw JobFailure.retryAfter(attempt.error(), wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
        }
        throw JobFailure.retry(attempt.error());
    }

    @Override
    public void onRetry(JobContext job, String reason, long delayMillis) {
        deliveries.willRetry(job.subjectId(), job.note(), delayMillis);
    }

    @Override
    public void onGiveUp(JobContext job, String reason) {
        deliveries.failed(job.subjectId(), job.note());
    }

    /** What went wrong, in our words: nothing the receiver said is kept. */
    private static String describe(IOException e) {
        if (e instanceof io.agentry.http.GuardedDnsResolver.RefusedAddress) {
            return e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "the receiver's host does not resolve";
        }
        if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
            return "no answer within " + WebhookSender.LIMIT.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "the receiver refused the connection";
        }
        return "the connection failed (" + e.getClass().getSimpleName() + ")";
    }
}
