package io.agentry.organizations;

import io.agentry.http.ApiResult;
import io.agentry.http.SecretBearing;
import io.agentry.tokens.TokenView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreatedOrganization", description = "A new organization, its owner, and the owner's admin token (secret shown once)")
public record CreatedOrganization(@Schema OrganizationView organization, @Schema MemberView owner, @Schema TokenView token) implements ApiResult, SecretBearing {

    @Override
    public CreatedOrganization withoutSecrets() {
        return new CreatedOrganization(organization, owner, token.withoutSecrets());
    }
}
