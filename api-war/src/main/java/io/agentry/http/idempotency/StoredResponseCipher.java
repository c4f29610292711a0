package io.agentry.http.idempotency;

import io.agentry.secrets.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stored responses can hold secrets (a created token is shown once), so the replay store keeps
 * only a hash of each Idempotency-Key and the response encrypted (AES-GCM) under a key derived
 * from the server's secrets key together with the organization and the Idempotency-Key: neither
 * the database nor a client's key alone opens it. Without a secrets key (a server that cannot
 * store provider keys either) the derivation falls back to the request's own key, and responses
 * stored that way by earlier versions still open.
 */
final class StoredResponseCipher {

    private static final byte[] NO_CONTEXT = new byte[0];

    private StoredResponseCipher() {
    }

    /** What the store keeps instead of the key. */
    static String keyHash(UUID organizationId, String idempotencyKey) {
        return HexFormat.of().formatHex(digest("agentry/idempotency/id|" + organizationId + "|" + idempotencyKey));
    }

    /** {@code serverKeys}: {@link io.agentry.secrets.SecretBox#derivedKeys}, the current first (none: the fallback). */
    static byte[] encrypt(List<byte[]> serverKeys, UUID organizationId, String idempotencyKey, byte[] plain) {
        SecretKeySpec key = serverKeys.isEmpty() ? requestKey(organizationId, idempotencyKey)
                : serverKey(serverKeys.get(0), organizationId, idempotencyKey);
        return AesGcm.seal(key, NO_CONTEXT, plain);
    }

    static byte[] decrypt(List<byte[]> serverKeys, UUID organizationId, String idempotencyKey, byte[] stored) {
        List<SecretKeySpec> candidates = new ArrayList<>();
        serverKeys.forEach(k -> candidates.add(serverKey(k, organizationId, idempotencyKey)));
        candidates.add(requestKey(organizationId, idempotencyKey)); // stored without a secrets key, or by an earlier version
        for (SecretKeySpec key : candidates) {
            try {
                return AesGcm.open(key, NO_CONTEXT, stored);
            } catch (AesGcm.Unopenable e) {
                // the next candidate
            }
        }
        throw new IllegalStateException("stored idempotent response cannot be decrypted");
    }

    private static SecretKeySpec serverKey(byte[] serverKey, UUID organizationId, String idempotencyKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(serverKey, "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(("agentry/idempotency/key|" + organizationId + "|" + idempotencyKey)
                    .getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKeySpec requestKey(UUID organizationId, String idempotencyKey) {
        return new SecretKeySpec(digest("agentry/idempotency/key|" + organizationId + "|" + idempotencyKey), "AES");
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
