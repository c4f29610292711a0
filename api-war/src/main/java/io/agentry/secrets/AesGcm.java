package io.agentry.secrets;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a fresh random 96-bit nonce per message, stored as {@code nonce || ciphertext+tag};
 * the associated data (may be empty) must match to open. The one cipher construction of the
 * server: sealed provider keys and stored idempotent responses.
 */
public final class AesGcm {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private AesGcm() {
    }

    /** The data did not open: altered, truncated, or sealed under another key or associated data. */
    public static final class Unopenable extends Exception {
        Unopenable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] seal(SecretKeySpec key, byte[] associatedData, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public static byte[] open(SecretKeySpec key, byte[] associatedData, byte[] stored) throws Unopenable {
        if (stored.length <= NONCE_BYTES) {
            throw new Unopenable("too short to be sealed data", null);
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(stored, NONCE_BYTES), associatedData)
                    .doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new Unopenable("altered, or sealed under another key or context", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        if (associatedData.length > 0) {
            cipher.updateAAD(associatedData);
        }
        return cipher;
    }
}
