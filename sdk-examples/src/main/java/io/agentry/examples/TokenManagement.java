package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.errors.AuthenticationException;
import io.agentry.sdk.errors.PermissionDeniedException;
import io.agentry.sdk.tokens.ApiToken;
import io.agentry.sdk.tokens.TokenCreateParams;
import io.agentry.sdk.tokens.TokenListParams;
import io.agentry.sdk.tokens.TokenStatus;
import java.time.OffsetDateTime;

/**
 * Token management (needs an admin token): issue a read-only token for the knowledge bases,
 * use it, see what it may not do, list the active tokens, then revoke and delete it.
 */
public final class TokenManagement {

    public static void main(String[] args) {
        try (AgentryClient admin = AgentryClient.fromEnv()) {
            ApiToken token = admin.tokens().create(TokenCreateParams.builder()
                    .name("search widget").scopes("bases:read").expiresAt(OffsetDateTime.now().plusDays(30)).build());
            String secret = token.secret().orElseThrow(); // shown once: store it in your secret manager now
            System.out.println("Issued " + token.prefix() + " with scopes " + token.scopes() + ", expires " + token.expiresAt());

            try (AgentryClient widget = admin.withOptions(b -> b.apiKey(secret))) {
                System.out.println("The widget sees " + widget.bases().list().items().size() + " base(s) on the first page");
                try {
                    widget.agents().list();
                } catch (PermissionDeniedException e) {
                    System.out.println("Listing agents is refused: " + e.status() + " " + e.errorMessage());
                }

                long active = admin.tokens().list(TokenListParams.builder().status(TokenStatus.ACTIVE).build()).autoPager().stream().count();
                System.out.println(active + " active token(s)");

                admin.tokens().revoke(token.id());
                try {
                    widget.bases().list();
                } catch (AuthenticationException e) {
                    System.out.println("After revocation: " + e.status() + " " + e.errorMessage());
                }
            }
            admin.tokens().delete(token.id());
            System.out.println("Deleted token " + token.id());
        }
    }

    private TokenManagement() {
    }
}
