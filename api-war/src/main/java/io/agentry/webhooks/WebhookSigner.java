package io.agentry.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as the Standard Webhooks specification defines them: {@code v1,} and the base64
 * HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the secret's bytes
 * (a {@code whsec_} secret is base64 after its prefix).
 */
public final class WebhookSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new subscription secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The HMAC key of a secret: a {@code whsec_} secret's base64 part decoded; any other value
     * (an operator's AGENTRY_WEBHOOKS_SECRET, say) as its UTF-8 bytes.
     */
    public static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException notBase64) {
                // fall through: the whole text is the key
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    public static String sign(byte[] key, String messageId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
