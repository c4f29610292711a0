package io.agentry.http.idempotency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentry.secrets.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoredResponseCipherTest {

    private static final String KEY = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";
    private static final String OTHER_KEY = "b3RoZXItc2VjcmV0cy1rZXktMzItYnl0ZXMtIS0hLSE=";
    private final UUID org = UUID.randomUUID();
    private final List<byte[]> server = SecretBox.of(KEY, null).derivedKeys("agentry/idempotency");

    @Test
    void roundTripsAndHidesThePlaintext() {
        byte[] body = "{\"token\":\"pk_secret\"}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = StoredResponseCipher.encrypt(server, org, "key-1", body);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("pk_secret"));
        assertArrayEquals(body, StoredResponseCipher.decrypt(server, org, "key-1", sealed));
    }

    @Test
    void theOrganizationAndTheClientsKeyAloneCannotOpenIt() {
        byte[] sealed = StoredResponseCipher.encrypt(server, org, "key-1", new byte[] {1, 2, 3});
        assertThrows(IllegalStateException.class, () -> StoredResponseCipher.decrypt(List.of(), org, "key-1", sealed),
                "without the server's secret");
        assertThrows(IllegalStateException.class, () -> StoredResponseCipher.decrypt(server, org, "key-2", sealed));
        assertThrows(IllegalStateException.class, () -> StoredResponseCipher.decrypt(server, UUID.randomUUID(), "key-1", sealed));
    }

    @Test
    void aRotatedSecretsKeyStillOpensWhatTheOldOneSealed() {
        byte[] sealed = StoredResponseCipher.encrypt(server, org, "key-1", new byte[] {4, 5});
        List<byte[]> rotated = SecretBox.of(OTHER_KEY, KEY).derivedKeys("agentry/idempotency");
        assertArrayEquals(new byte[] {4, 5}, StoredResponseCipher.decrypt(rotated, org, "key-1", sealed));
        byte[] legacy = StoredResponseCipher.encrypt(List.of(), org, "key-1", new byte[] {6});
        assertArrayEquals(new byte[] {6}, StoredResponseCipher.decrypt(server, org, "key-1", legacy), "stored before");
    }

    @Test
    void keyHashIsStablePerOrganization() {
        assertEquals(StoredResponseCipher.keyHash(org, "k"), StoredResponseCipher.keyHash(org, "k"));
        assertNotEquals(StoredResponseCipher.keyHash(org, "k"), StoredResponseCipher.keyHash(UUID.randomUUID(), "k"));
        assertEquals(64, StoredResponseCipher.keyHash(org, "k").length());
    }
}
