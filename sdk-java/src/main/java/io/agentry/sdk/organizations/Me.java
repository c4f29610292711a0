package io.agentry.sdk.organizations;

import java.util.List;
import java.util.UUID;

/**
 * Who the credential belongs to: the person (for a token, its creator), the organization, the
 * role and the effective scopes.
 */
public record Me(
        UUID id,
        String email,
        String name,
        UUID workspaceId,
        String workspaceName,
        Organization organization,
        Plan plan,
        Role role,
        List<String> scopes,
        String authType,
        UUID tokenId,
        int apiVersion) {
}
