package io.agentry.sdk.organizations;

import io.agentry.sdk.core.ApiClient;
import io.agentry.sdk.core.ApiRequest;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.Resource;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/organizations} and their members. */
public final class OrganizationService extends Resource {

    private static final String PATH = "api/v1/organizations";

    public OrganizationService(ApiClient api) {
        super(api);
    }

    /** Creates an organization with its owner and the owner's token (needs the system scope). */
    public CreatedOrganization create(OrganizationCreateParams params) {
        return create(params, RequestOptions.NONE);
    }

    public CreatedOrganization create(OrganizationCreateParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).json(params.body()), options, CreatedOrganization.class);
    }

    public Organization retrieve(UUID id) {
        return retrieve(id, RequestOptions.NONE);
    }

    public Organization retrieve(UUID id, RequestOptions options) {
        return api.call(ApiRequest.get().path(PATH).segment(id), options, Organization.class);
    }

    public Organization update(UUID id, OrganizationUpdateParams params) {
        return update(id, params, RequestOptions.NONE);
    }

    public Organization update(UUID id, OrganizationUpdateParams params, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(id).json(params.body()), options, Organization.class);
    }

    /** The caller's organization (operators: every organization). */
    public Page<Organization> list() {
        return list(ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Organization> list(ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH), params, options, Organization.class);
    }

    public Page<Member> listMembers(UUID organizationId) {
        return listMembers(organizationId, ListParams.NONE, RequestOptions.NONE);
    }

    public Page<Member> listMembers(UUID organizationId, ListParams params, RequestOptions options) {
        return list(() -> ApiRequest.get().path(PATH).segment(organizationId).path("members"), params, options, Member.class);
    }

    public Member addMember(UUID organizationId, MemberAddParams params) {
        return addMember(organizationId, params, RequestOptions.NONE);
    }

    public Member addMember(UUID organizationId, MemberAddParams params, RequestOptions options) {
        return api.call(ApiRequest.post().path(PATH).segment(organizationId).path("members").json(params.body()), options, Member.class);
    }

    public Member updateMemberRole(UUID organizationId, UUID userId, Role role) {
        return updateMemberRole(organizationId, userId, role, RequestOptions.NONE);
    }

    public Member updateMemberRole(UUID organizationId, UUID userId, Role role, RequestOptions options) {
        return api.call(ApiRequest.patch().path(PATH).segment(organizationId).path("members").segment(userId)
                .json(Map.of("role", role)), options, Member.class);
    }

    public void removeMember(UUID organizationId, UUID userId) {
        removeMember(organizationId, userId, RequestOptions.NONE);
    }

    public void removeMember(UUID organizationId, UUID userId, RequestOptions options) {
        api.call(ApiRequest.delete().path(PATH).segment(organizationId).path("members").segment(userId), options);
    }
}
