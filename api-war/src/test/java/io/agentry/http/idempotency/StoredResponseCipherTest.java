package io.agentry.http.idempotency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoredResponseCipherTest {

    private final UUID org = UUID.randomUUID();

    @Test
    void roundTripsAndHidesThePlaintext() {
        byte[] body = "{\"token\":\"pk_secret\"}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = StoredResponseCipher.encrypt(org, "key-1", body);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("pk_secret"));
        assertArrayEquals(body, StoredResponseCipher.decrypt(org, "key-1", sealed));
    }

    @Test
    void anotherKeyOrOrganizationCannotOpenIt() {
        byte[] sealed = StoredResponseCipher.encrypt(org, "key-1", new byte[] {1, 2, 3});
        assertThrows(IllegalStateException.class, () -> StoredResponseCipher.decrypt(org, "key-2", sealed));
        assertThrows(IllegalStateException.class, () -> StoredResponseCipher.decrypt(UUID.randomUUID(), "key-1", sealed));
    }

    @Test
    void keyHashIsStablePerOrganization() {
        assertEquals(StoredResponseCipher.keyHash(org, "k"), StoredResponseCipher.keyHash(org, "k"));
        assertNotEquals(StoredResponseCipher.keyHash(org, "k"), StoredResponseCipher.keyHash(UUID.randomUUID(), "k"));
        assertEquals(64, StoredResponseCipher.keyHash(org, "k").length());
    }
}
