package io.agentry.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY_A = key(1);
    private static final String KEY_B = key(2);

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void opensWhatItSealedAndHidesIt() {
        SecretBox box = SecretBox.of(KEY_A, null);
        String sealed = box.seal("sk-live-1234567890", "org-1:openai");
        assertFalse(sealed.contains("sk-live"), sealed);
        assertEquals("sk-live-1234567890", box.open(sealed, "org-1:openai"));
        assertNotEquals(sealed, box.seal("sk-live-1234567890", "org-1:openai"), "a fresh nonce each time");
    }

    @Test
    void aSealedValueDoesNotOpenInAnotherContext() {
        SecretBox box = SecretBox.of(KEY_A, null);
        String sealed = box.seal("secret", "org-1:openai");
        SecretBox.Unavailable e = assertThrows(SecretBox.Unavailable.class, () -> box.open(sealed, "org-2:openai"));
        assertTrue(e.getMessage().contains("altered or belongs elsewhere"), e.getMessage());
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        SecretBox box = SecretBox.of(KEY_A, null);
        String sealed = box.seal("secret", "ctx");
        String[] parts = sealed.split("\\.");
        byte[] body = Base64.getDecoder().decode(parts[2]);
        body[body.length - 1] ^= 1;
        String altered = parts[0] + "." + parts[1] + "." + Base64.getEncoder().encodeToString(body);
        assertThrows(SecretBox.Unavailable.class, () -> box.open(altered, "ctx"));
        assertThrows(SecretBox.Unavailable.class, () -> box.open("not sealed", "ctx"));
        assertThrows(SecretBox.Unavailable.class, () -> box.open("g1." + sealed.split("\\.")[1] + ".%%%", "ctx"));
    }

    @Test
    void aPreviousKeyStillOpensAndAnUnknownKeyIsNamed() {
        String sealedUnderA = SecretBox.of(KEY_A, null).seal("secret", "ctx");
        assertEquals("secret", SecretBox.of(KEY_B, KEY_A).open(sealedUnderA, "ctx"));
        SecretBox.Unavailable e = assertThrows(SecretBox.Unavailable.class, () -> SecretBox.of(KEY_B, null).open(sealedUnderA, "ctx"));
        assertTrue(e.getMessage().contains("AGENTRY_SECRETS_PREVIOUS_KEYS"), e.getMessage());
        assertTrue(SecretBox.of(KEY_B, KEY_A).seal("x", "ctx").startsWith("g1." + SecretBox.of(KEY_B, null).seal("x", "ctx").split("\\.")[1]),
                "new values are sealed under the current key");
    }

    @Test
    void aMissingOrMalformedKeyIsExplained() {
        assertFalse(SecretBox.of(null, null).configured());
        assertTrue(assertThrows(SecretBox.Unavailable.class, () -> SecretBox.of(null, null).seal("x", "ctx"))
                .getMessage().contains("AGENTRY_SECRETS_KEY"));
        assertTrue(assertThrows(SecretBox.Unavailable.class, () -> SecretBox.of("c2hvcnQ=", null).seal("x", "ctx"))
                .getMessage().contains("32 bytes"));
        assertTrue(assertThrows(SecretBox.Unavailable.class, () -> SecretBox.of("not base64!", null).seal("x", "ctx"))
                .getMessage().contains("not base64"));
    }
}
