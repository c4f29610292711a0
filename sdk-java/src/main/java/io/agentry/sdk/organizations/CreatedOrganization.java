package io.agentry.sdk.organizations;

import io.agentry.sdk.tokens.ApiToken;

/** A new organization with its owner and the owner's first token (secret included, once). */
public record CreatedOrganization(Organization organization, Member owner, ApiToken token) {
}
