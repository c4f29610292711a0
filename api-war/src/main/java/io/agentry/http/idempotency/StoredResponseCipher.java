package io.agentry.http.idempotency;

import io.agentry.secrets.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stored responses can hold secrets (a created token is shown once), so the replay store keeps
 * only a hash of each Idempotency-Key and the response encrypted (AES-GCM) under a key derived
 * from the Idempotency-Key itself: the database alone cannot reveal what was replayed.
 */
final class StoredResponseCipher {

    private static final byte[] NO_CONTEXT = new byte[0];

    private StoredResponseCipher() {
    }

    /** What the store keeps instead of the key. */
    static String keyHash(UUID organizationId, String idempotencyKey) {
        return HexFormat.of().formatHex(digest("agentry/idempotency/id|" + organizationId + "|" + idempotencyKey));
    }

    static byte[] encrypt(UUID organizationId, String idempotencyKey, byte[] plain) {
        return AesGcm.seal(key(organizationId, idempotencyKey), NO_CONTEXT, plain);
    }

    static byte[] decrypt(UUID organizationId, String idempotencyKey, byte[] stored) {
        try {
            return AesGcm.open(key(organizationId, idempotencyKey), NO_CONTEXT, stored);
        } catch (AesGcm.Unopenable e) {
            throw new IllegalStateException("stored idempotent response cannot be decrypted", e);
        }
    }

    private static SecretKeySpec key(UUID organizationId, String idempotencyKey) {
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
