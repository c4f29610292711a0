package it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs user-session JWTs the way the test identity provider would: issuer
 * {@code https://idp.agentry.test}, RS256 with {@code src/test/resources/jwt/private.pem}, claims
 * {@code sub}, {@code exp}, {@code org_id}, {@code groups}, {@code email}, {@code name}. Every claim
 * can be changed or left out to build the bad cases.
 */
public final class Jwt {

    public static final String ISSUER = "https://idp.agentry.test";
    /** The audience the test servers expect (MP_JWT_VERIFY_AUDIENCES). */
    public static final String AUDIENCE = "agentry";

    private static volatile PrivateKey signingKey;

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Key key;
    private String alg = AlgorithmIdentifiers.RSA_USING_SHA256;
    private String keyId;

    private Jwt() {
    }

    /** A valid one-hour JWT for a new user of {@code organizationId} with the given groups. */
    public static Jwt forOrg(UUID organizationId, String... groups) {
        Jwt jwt = new Jwt();
        String user = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        jwt.claims.put("iss", ISSUER);
        jwt.claims.put("aud", AUDIENCE);
        jwt.claims.put("sub", user);
        jwt.claims.put("iat", now);
        jwt.claims.put("exp", now + 3600);
        jwt.claims.put("org_id", organizationId.toString());
        jwt.claims.put("groups", List.of(groups));
        jwt.claims.put("email", "user-" + user.substring(0, 8) + "@it.agentry.test");
        jwt.claims.put("name", "IT user " + user.substring(0, 8));
        return jwt;
    }

    public Jwt claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public Jwt without(String name) {
        claims.remove(name);
        return this;
    }

    public Jwt issuer(String issuer) {
        return claim("iss", issuer);
    }

    public Jwt subject(String subject) {
        return claim("sub", subject);
    }

    /** Expiry relative to now, in seconds (negative: already expired). */
    public Jwt expiresIn(long seconds) {
        long now = Instant.now().getEpochSecond();
        claims.put("exp", now + seconds);
        if (seconds < 0) {
            claims.put("iat", now + seconds - 3600);
        }
        return this;
    }

    /** The {@code kid} header: which key of the identity provider's JWKS signed it. */
    public Jwt keyId(String kid) {
        this.keyId = kid;
        return this;
    }

    public Jwt signedWith(PrivateKey other) {
        this.key = other;
        return this;
    }

    public String subject() {
        return String.valueOf(claims.get("sub"));
    }

    /** The {@code email} claim, or null when it was left out. */
    public String email() {
        Object email = claims.get("email");
        return email == null ? null : String.valueOf(email);
    }

    /** The compact RS256 serialization. */
    public String sign() {
        JwtClaims jwtClaims = toClaims();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwtClaims.toJson());
        jws.setKey(key != null ? key : signingKey());
        jws.setAlgorithmHeaderValue(alg);
        jws.setHeader("typ", "JWT");
        if (keyId != null) {
            jws.setKeyIdHeaderValue(keyId);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign test JWT: " + e.getMessage(), e);
        }
    }

    /** An unsigned token ({@code alg: none}), which the server must refuse. */
    public String unsigned() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64(toClaims().toJson().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /**
     * HS256 signed with the bytes of the server's public key as the HMAC secret: the classic
     * algorithm-confusion attack, which the server must refuse.
     */
    public String hs256WithPublicKeyAsSecret() {
        try {
            byte[] secret = publicPem().getBytes(StandardCharsets.US_ASCII);
            String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = b64(toClaims().toJson().getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtClaims toClaims() {
        JwtClaims c = new JwtClaims();
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            Object value = e.getValue();
            switch (e.getKey()) {
                case "exp" -> c.setExpirationTime(NumericDate.fromSeconds(((Number) value).longValue()));
                case "iat" -> c.setIssuedAt(NumericDate.fromSeconds(((Number) value).longValue()));
                case "groups" -> {
                    List<String> groups = new ArrayList<>();
                    for (Object g : (List<?>) value) {
                        groups.add(String.valueOf(g));
                    }
                    c.setStringListClaim("groups", groups);
                }
                default -> c.setClaim(e.getKey(), value);
            }
        }
        return c;
    }

    /** A fresh RSA key pair the server has never seen. */
    public static KeyPair otherKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey signingKey() {
        PrivateKey k = signingKey;
        if (k == null) {
            try {
                String pem = readKeyFile("private.pem");
                String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
                k = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
                signingKey = k;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("jwt/private.pem is not a PKCS#8 RSA key: " + e.getMessage(), e);
            }
        }
        return k;
    }

    /** A public key as one entry of a JWKS, under {@code kid}. */
    static String jwk(java.security.PublicKey key, String kid) {
        org.jose4j.jwk.RsaJsonWebKey jwk = new org.jose4j.jwk.RsaJsonWebKey((java.security.interfaces.RSAPublicKey) key);
        jwk.setKeyId(kid);
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        jwk.setUse("sig");
        return jwk.toJson();
    }

    /** The test identity provider's public key (the one that signs by default). */
    static java.security.PublicKey publicKey() {
        try {
            String base64 = publicPem().replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder()
                    .decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicPem() {
        return readKeyFile("public.pem");
    }

    /** From {@code agentry.it.jwtKeyDir} when set, else from the test classpath ({@code /jwt/...}). */
    private static String readKeyFile(String name) {
        String dir = System.getProperty("agentry.it.jwtKeyDir");
        try {
            if (dir != null && !dir.isBlank() && Files.isRegularFile(Path.of(dir, name))) {
                return Files.readString(Path.of(dir, name), StandardCharsets.US_ASCII);
            }
            try (InputStream in = Jwt.class.getResourceAsStream("/jwt/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("test key jwt/" + name + " not found (agentry.it.jwtKeyDir=" + dir + ")");
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read test key " + name + ": " + e.getMessage(), e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
