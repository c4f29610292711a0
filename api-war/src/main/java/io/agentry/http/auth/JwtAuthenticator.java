package io.agentry.http.auth;

import io.agentry.http.ApiException;
import io.agentry.organizations.OrganizationLookup;
import io.agentry.organizations.Role;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Instant;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Verifies user-session JWTs. Configured with MicroProfile JWT's own properties
 * ({@code mp.jwt.verify.publickey} holding a PEM public key or a JWKS, or
 * {@code mp.jwt.verify.publickey.location}: a file, or the identity provider's JWKS URL, read
 * again when a token names a key it does not know, so keys can rotate; {@code mp.jwt.verify.issuer}
 * and {@code mp.jwt.verify.audiences}, both required) so the same settings work with any
 * MicroProfile identity provider set-up. Only asymmetric signatures (RS, PS and ES families) are
 * accepted, and a token may live at most {@code agentry.jwt.max-lifetime-seconds} (a day). Verification is done
 * here, not by the server's security layer, so the WAR behaves the same on every Jakarta EE server
 * and tokens and JWTs can share the Bearer header.
 *
 * <p>Claims: {@code sub} (user), {@code email}/{@code upn}, {@code name}, the organization in
 * {@code org_id} (or {@code organization_id}, {@code workspace_id}), and the role in
 * {@code groups} (owner, admin or member; {@code system-admin} adds the system right).
 */
@ApplicationScoped
public class JwtAuthenticator {

    private static final Logger LOG = Logger.getLogger(JwtAuthenticator.class.getName());
    private static final String[] ASYMMETRIC = {
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512};

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKeyText;
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<List<String>> audiences;
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    int clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "agentry.jwt.max-lifetime-seconds", defaultValue = "86400")
    long maxLifetimeSeconds;

    @Inject
    OrganizationLookup organizations;

    @Inject
    io.agentry.organizations.SessionMembers members;

    private JwtConsumer consumer;

    @PostConstruct
    void init() {
        Optional<String> keyText = publicKeyText.filter(s -> !s.isBlank()).or(() -> publicKeyLocation
                .filter(s -> !s.isBlank()).map(l -> l.startsWith("http://") || l.startsWith("https://") ? l : readLocation(l)));
        if (keyText.isEmpty()) {
            LOG.info("JWT sessions disabled (no mp.jwt.verify.publickey[.location] configured)");
            return;
        }
        if (issuer.filter(i -> !i.isBlank()).isEmpty() || audiences.filter(a -> !a.isEmpty()).isEmpty()) {
            LOG.severe("JWT sessions NOT enabled: a verification key is configured but mp.jwt.verify.issuer and "
                    + "mp.jwt.verify.audiences must be set too (a token for another issuer or application would pass)");
            return;
        }
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(clockSkewSeconds)
                .setExpectedIssuer(issuer.get())
                .setExpectedAudience(audiences.get().toArray(String[]::new))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ASYMMETRIC);
        String key = keyText.get().trim();
        if (key.startsWith("{")) {
            try {
                builder.setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(key).getJsonWebKeys()));
            } catch (org.jose4j.lang.JoseException e) {
                throw new IllegalStateException("mp.jwt.verify.publickey is not a valid JWKS: " + e.getMessage(), e);
            }
        } else if (key.startsWith("http://") || key.startsWith("https://")) {
            builder.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(key)));
        } else {
            builder.setVerificationKey(parsePem(key));
        }
        consumer = builder.build();
        LOG.info("JWT sessions enabled for issuer " + issuer.get());
    }

    private static String readLocation(String location) {
        try {
            String path = location.startsWith("file:") ? location.substring(5) : location;
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mp.jwt.verify.publickey.location " + location, e);
        }
    }

    private static PublicKey parsePem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception e) {
                // try the next key type
            }
        }
        throw new IllegalStateException("mp.jwt.verify.publickey is neither an RSA nor an EC public key");
    }

    public boolean isEnabled() {
        return consumer != null;
    }

    public Caller authenticate(String jwt) {
        if (consumer == null) {
            throw ApiException.unauthorized("JWT sessions are not enabled on this server; use an API token");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(jwt);
        } catch (InvalidJwtException e) {
            throw ApiException.unauthorized(e.hasExpired() ? "JWT expired" : "invalid JWT");
        }
        requireShortLived(claims);
        try {
            String org = firstString(claims, "org_id", "organization_id", "workspace_id");
            UUID organizationId;
            try {
                organizationId = UUID.fromString(org == null ? "" : org);
            } catch (IllegalArgumentException e) {
                throw ApiException.unauthorized("the JWT names no organization (claim org_id)");
            }
            OrganizationLookup.Budget budget = organizations.budget(organizationId)
                    .orElseThrow(() -> ApiException.unauthorized("the JWT's organization does not exist"));
            Set<String> groups = new HashSet<>(Optional.ofNullable(claims.getStringListClaimValue("groups")).orElse(List.of()));
            Role role = groups.contains("owner") ? Role.OWNER : groups.contains("admin") ? Role.ADMIN
                    : groups.contains("member") ? Role.MEMBER : null;
            if (role == null) {
                throw ApiException.forbidden("the JWT grants no role in the organization (groups: owner, admin or member)");
            }
            String subject = claims.getSubject();
            UUID userId = userIdOf(claims.getIssuer(), subject);
            String email = firstString(claims, "email", "upn");
            String name = Optional.ofNullable(firstString(claims, "name", "preferred_username")).orElse(subject);
            // the organization's record decides from the first request on (a demotion or removal takes effect)
            role = members.roleOf(organizationId, userId, email, name, role);
            List<String> scopes = new ArrayList<>(role.isAdmin() ? Scopes.ADMIN_DEFAULT : Scopes.MEMBER_DEFAULT);
            if (groups.contains("system-admin")) {
                scopes.add(Scopes.SYSTEM);
            }
            return new Caller(organizationId, userId, email, name, role, Set.copyOf(scopes), null, Caller.Kind.JWT,
                    budget.requestsPerMinute());
        } catch (MalformedClaimException e) {
            throw ApiException.unauthorized("invalid JWT claims: " + e.getMessage());
        }
    }

    /** A stolen long-lived token would be good for too long: exp at most the maximum after iat (or now). */
    private void requireShortLived(JwtClaims claims) {
        try {
            long exp = claims.getExpirationTime().getValue();
            long from = claims.getIssuedAt() != null ? claims.getIssuedAt().getValue() : Instant.now().getEpochSecond();
            if (exp - from > maxLifetimeSeconds) {
                throw ApiException.unauthorized("the JWT lives longer than this server accepts (" + maxLifetimeSeconds + " s)");
            }
        } catch (MalformedClaimException e) {
            throw ApiException.unauthorized("invalid JWT claims: " + e.getMessage());
        }
    }

    /** A stable user id: the subject itself when it is a UUID, else derived from issuer + subject. */
    static UUID userIdOf(String issuer, String subject) {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes((issuer + "|" + subject).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String firstString(JwtClaims claims, String... names) throws MalformedClaimException {
        for (String name : names) {
            if (claims.hasClaim(name)) {
                Object value = claims.getClaimValue(name);
                if (value != null) {
                    return value.toString();
                }
            }
        }
        return null;
    }
}
