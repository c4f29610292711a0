package io.agentry.tokens;

import java.util.Set;

/**
 * Token values that Agentry's repository has published: the integration tests' and benchmarks'
 * bootstrap tokens of earlier versions (now generated per build), and examples in docs and tests.
 * Anyone who has read the repository knows them, so no installation accepts them: bootstrap
 * refuses them, authentication refuses them, and a start revokes any an earlier version stored.
 * Kept as SHA-256 hashes, the form in which tokens are stored and looked up.
 * {@code PublishedTokensTest} fails when the repository holds a token-shaped value missing here.
 */
public final class PublishedTokens {

    private static final Set<String> HASHES = Set.of(
            // the integration-test servers' token until the per-build one (pom.xml, src/test/liberty)
            "7df16123235abcf9dc2b8cb2296112bf02e6736edd95fdb2f8eb9104e7c20161",
            "a9682c2da1033e27b0730a0dc32a426b9aa38c2379e76454675c72b2504a51e7",
            // the benchmark servers' token (bench/*.sh)
            "de653a52caa5639d6accbd5140802638f6a77ea5c88ed74a07ca803194cc2386",
            // the README's former example of a generated token
            "837aa76dc3dca6c7b148b6dfb34213543701328da87aebd848a9a340084d993a",
            // TokenSecretsTest's example of an imported CrewForm key
            "770e48580d3835d70bda4e6db2aa08e8c404c6337357e3aebef52e2fcd64bc9b");

    private PublishedTokens() {
    }

    public static boolean isPublished(String token) {
        return isPublishedHash(TokenSecrets.hash(token));
    }

    public static boolean isPublishedHash(String tokenHash) {
        return HASHES.contains(tokenHash);
    }

    public static Set<String> hashes() {
        return HASHES;
    }
}
