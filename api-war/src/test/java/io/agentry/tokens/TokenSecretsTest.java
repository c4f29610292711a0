package io.agentry.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenSecretsTest {

    @Test
    void generatedTokensHaveTheSeedFormat() {
        String token = TokenSecrets.generate();
        assertTrue(token.matches("pk_[0-9a-f]{64}"), token);
        assertNotEquals(token, TokenSecrets.generate());
        assertTrue(TokenSecrets.looksLikeToken(token));
    }

    @Test
    void prefixIsKindPlusEightCharacters() {
        assertEquals("pk_99fa646d...", TokenSecrets.displayPrefix("pk_99fa646d" + "0".repeat(56)));
        assertEquals("crfm_abcdef12...", TokenSecrets.displayPrefix("crfm_abcdef1234567890abcdef"));
    }

    @Test
    void hashIsSha256Hex() {
        // SHA-256("abc"), the FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenSecrets.hash("abc"));
    }

    @Test
    void otherShapesAreNotTokens() {
        for (String bad : new String[] {"pk_", "pk_short", "sk_" + "a".repeat(64), "pk_" + "a".repeat(60) + "!!!!",
                "eyJhbGciOi.eyJzdWIi.sig"}) {
            assertFalse(TokenSecrets.looksLikeToken(bad), bad);
        }
    }
}
