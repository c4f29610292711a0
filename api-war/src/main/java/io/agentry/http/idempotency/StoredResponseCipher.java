package io.agentry.http.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stored responses can hold secrets (a created token is shown once), so the replay store keeps
 * only a hash of each Idempotency-Key and the response encrypted (AES-GCM) under a key derived
 * from the Idempotency-Key itself: the database alone cannot reveal what was replayed.
 */
final class StoredResponseCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private StoredResponseCipher() {
    }

    /** What the store keeps instead of the key. */
    static String keyHash(UUID organizationId, String idempotencyKey) {
        return HexFormat.of().formatHex(digest("agentry/idempotency/id|" + organizationId + "|" + idempotencyKey));
    }

    static byte[] encrypt(UUID organizationId, String idempotencyKey, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, organizationId, idempotencyKey, iv);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] decrypt(UUID organizationId, String idempotencyKey, byte[] stored) {
        try {
            byte[] iv = java.util.Arrays.copyOf(stored, IV_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, organizationId, idempotencyKey, iv);
            return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored idempotent response cannot be decrypted", e);
        }
    }

    private static Cipher cipher(int mode, UUID organizationId, String idempotencyKey, byte[] iv)
            throws GeneralSecurityException {
        byte[] key = digest("agentry/idempotency/key|" + organizationId + "|" + idempotencyKey);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        return cipher;
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
