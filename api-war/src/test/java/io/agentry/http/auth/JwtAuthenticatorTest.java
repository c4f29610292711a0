package io.agentry.http.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {

    private static JwtAuthenticator configured(String issuer, List<String> audiences) throws Exception {
        JwtAuthenticator jwt = new JwtAuthenticator();
        try (var pem = JwtAuthenticatorTest.class.getResourceAsStream("/jwt/public.pem")) {
            jwt.publicKeyText = Optional.of(new String(pem.readAllBytes(), StandardCharsets.US_ASCII));
        }
        jwt.publicKeyLocation = Optional.empty();
        jwt.issuer = Optional.ofNullable(issuer);
        jwt.audiences = Optional.ofNullable(audiences);
        jwt.clockSkewSeconds = 60;
        jwt.maxLifetimeSeconds = 86_400;
        jwt.init();
        return jwt;
    }

    @Test
    void jwtSessionsDoNotStartWithoutAnIssuerAndAnAudience() throws Exception {
        assertFalse(configured(null, List.of("agentry")).isEnabled(), "no issuer");
        assertFalse(configured("https://idp.example", null).isEnabled(), "no audience");
        assertFalse(configured("https://idp.example", List.of()).isEnabled(), "an empty audience list");
        assertTrue(configured("https://idp.example", List.of("agentry")).isEnabled());
    }
}
