package io.agentry.secrets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals secrets the server must store and later use in the clear (an organization's provider
 * keys): AES-256-GCM under the operator's key ({@code AGENTRY_SECRETS_KEY}, 32 bytes of base64),
 * with a context (organization and purpose) bound in as associated data so a sealed value copied
 * to another row does not open. A sealed value names its key by id, so after a key change the
 * old key can be listed in {@code AGENTRY_SECRETS_PREVIOUS_KEYS} until every value is sealed again.
 */
@ApplicationScoped
public class SecretBox {

    private static final String FORMAT = "g1";

    @Inject
    @ConfigProperty(name = "agentry.secrets.key")
    Optional<String> currentKey;

    @Inject
    @ConfigProperty(name = "agentry.secrets.previous-keys")
    Optional<String> previousKeys;

    private volatile Keys keys;

    /** The current key and every key that may still open a value, by id. */
    record Keys(String currentId, Map<String, SecretKeySpec> byId) {
    }

    /** Secrets cannot be sealed or opened: no key, a malformed key, or a value sealed under an unknown key. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    public static SecretBox of(String key, String previous) { // for tests outside the container
        SecretBox box = new SecretBox();
        box.currentKey = Optional.ofNullable(key);
        box.previousKeys = Optional.ofNullable(previous);
        return box;
    }

    public boolean configured() {
        return currentKey.filter(k -> !k.isBlank()).isPresent();
    }

    public String seal(String plaintext, String context) {
        Keys k = keys();
        byte[] sealed = AesGcm.seal(k.byId().get(k.currentId()), context.getBytes(StandardCharsets.UTF_8),
                plaintext.getBytes(StandardCharsets.UTF_8));
        return FORMAT + "." + k.currentId() + "." + Base64.getEncoder().encodeToString(sealed);
    }

    public String open(String sealed, String context) {
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(FORMAT)) {
            throw new Unavailable("the stored secret is not in a format this server reads");
        }
        SecretKeySpec key = keys().byId().get(parts[1]);
        if (key == null) {
            throw new Unavailable("the stored secret was sealed with a secrets key this server does not have (key id "
                    + parts[1] + "); add it to AGENTRY_SECRETS_PREVIOUS_KEYS or store the secret again");
        }
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("the stored secret is damaged");
        }
        try {
            return new String(AesGcm.open(key, context.getBytes(StandardCharsets.UTF_8), stored), StandardCharsets.UTF_8);
        } catch (AesGcm.Unopenable e) {
            throw new Unavailable("the stored secret does not open with its key: it was altered or belongs elsewhere");
        }
    }

    /**
     * Keys for {@code purpose} derived from the server's secrets key (HMAC-SHA256), the current
     * key's first, then each previous key's; none when no secrets key is configured.
     */
    public List<byte[]> derivedKeys(String purpose) {
        if (!configured()) {
            return List.of();
        }
        Keys k = keys();
        List<byte[]> derived = new ArrayList<>();
        derived.add(hmac(k.byId().get(k.currentId()), purpose));
        k.byId().forEach((id, key) -> {
            if (!id.equals(k.currentId())) {
                derived.add(hmac(key, purpose));
            }
        });
        return derived;
    }

    private static byte[] hmac(SecretKeySpec key, String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Keys keys() {
        Keys k = keys;
        if (k == null) {
            k = keys = load();
        }
        return k;
    }

    private Keys load() {
        if (!configured()) {
            throw new Unavailable("this server has no secrets key (set AGENTRY_SECRETS_KEY to 32 random bytes in base64, "
                    + "e.g. the output of: openssl rand -base64 32)");
        }
        Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
        SecretKeySpec current = parse("AGENTRY_SECRETS_KEY", currentKey.get());
        String currentId = id(current);
        byId.put(currentId, current);
        for (String old : previousKeys.orElse("").split(",")) {
            if (!old.isBlank()) {
                SecretKeySpec key = parse("AGENTRY_SECRETS_PREVIOUS_KEYS", old);
                byId.putIfAbsent(id(key), key);
            }
        }
        return new Keys(currentId, Map.copyOf(byId));
    }

    private static SecretKeySpec parse(String variable, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new Unavailable(variable + " is not base64");
        }
        if (bytes.length != 32) {
            throw new Unavailable(variable + " must be 32 bytes (256 bits) of base64, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Names a key without revealing it: the first 8 hex digits of its SHA-256. */
    private static String id(SecretKeySpec key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
