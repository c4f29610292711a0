package io.agentry.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Token secrets: {@code pk_} (or another {@link KeyPrefix}) + 64 hex characters (256 random bits). A SHA-256 of the whole token
 * is what is stored and looked up: the secret has full entropy, so a fast hash is as strong as a
 * slow KDF here and keeps verification cheap on every request.
 */
public final class TokenSecrets {

    /** The shapes a credential may have: every {@link KeyPrefix}, and imported keys of the peers' lengths. */
    public static final Pattern SHAPE = Pattern.compile("(pk|cf|crfm)_[A-Za-z0-9]{16,128}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private TokenSecrets() {
    }

    public static String generate() {
        return generate(KeyPrefix.PK);
    }

    public static String generate(KeyPrefix prefix) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix.wire() + HEX.formatHex(secret);
    }

    public static boolean looksLikeToken(String credential) {
        return SHAPE.matcher(credential).matches();
    }

    /** One digest per thread: looking the algorithm up on every request is measurable. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static String hash(String token) {
        return HEX.formatHex(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** What lists show: the kind prefix plus 8 characters, e.g. {@code pk_99fa646d...}. */
    public static String displayPrefix(String token) {
        int underscore = token.indexOf('_');
        return token.substring(0, Math.min(token.length(), underscore + 1 + 8)) + "...";
    }

    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
