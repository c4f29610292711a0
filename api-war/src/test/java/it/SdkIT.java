package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.agents.AgentListParams;
import io.agentry.sdk.agents.AgentProvider;
import io.agentry.sdk.agents.AgentStatus;
import io.agentry.sdk.agents.AgentUpdateParams;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import io.agentry.sdk.core.RequestOptions;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AuthenticationException;
import io.agentry.sdk.errors.BadRequestException;
import io.agentry.sdk.errors.ConflictException;
import io.agentry.sdk.errors.NotFoundException;
import io.agentry.sdk.errors.PermissionDeniedException;
import io.agentry.sdk.errors.RateLimitException;
import io.agentry.sdk.errors.UnexpectedStatusException;
import io.agentry.sdk.errors.UnprocessableEntityException;
import io.agentry.sdk.knowledge.BaseCreateParams;
import io.agentry.sdk.knowledge.BaseUpdateParams;
import io.agentry.sdk.knowledge.FileUpload;
import io.agentry.sdk.knowledge.ItemCreateParams;
import io.agentry.sdk.knowledge.ItemKind;
import io.agentry.sdk.knowledge.ItemListParams;
import io.agentry.sdk.knowledge.ItemStatus;
import io.agentry.sdk.knowledge.ItemUpdateParams;
import io.agentry.sdk.knowledge.KnowledgeBase;
import io.agentry.sdk.knowledge.KnowledgeItem;
import io.agentry.sdk.knowledge.QueryParams;
import io.agentry.sdk.knowledge.QueryResult;
import io.agentry.sdk.knowledge.SearchMode;
import io.agentry.sdk.organizations.CreatedOrganization;
import io.agentry.sdk.organizations.Me;
import io.agentry.sdk.organizations.Member;
import io.agentry.sdk.organizations.MemberAddParams;
import io.agentry.sdk.organizations.Organization;
import io.agentry.sdk.organizations.OrganizationCreateParams;
import io.agentry.sdk.organizations.OrganizationUpdateParams;
import io.agentry.sdk.organizations.Plan;
import io.agentry.sdk.organizations.Role;
import io.agentry.sdk.runs.Run;
import io.agentry.sdk.runs.RunEvent;
import io.agentry.sdk.runs.RunListParams;
import io.agentry.sdk.runs.RunMessage;
import io.agentry.sdk.runs.RunStartParams;
import io.agentry.sdk.runs.RunStatus;
import io.agentry.sdk.tasks.Task;
import io.agentry.sdk.tasks.TaskCreateParams;
import io.agentry.sdk.tasks.TaskStatus;
import io.agentry.sdk.teams.Team;
import io.agentry.sdk.teams.TeamConfig;
import io.agentry.sdk.teams.TeamCreateParams;
import io.agentry.sdk.teams.TeamListParams;
import io.agentry.sdk.teams.TeamMember;
import io.agentry.sdk.teams.TeamMode;
import io.agentry.sdk.teams.TeamUpdateParams;
import io.agentry.sdk.tokens.ApiToken;
import io.agentry.sdk.tokens.TokenCreateParams;
import io.agentry.sdk.tokens.TokenListParams;
import io.agentry.sdk.tokens.TokenStatus;
import io.agentry.sdk.tokens.TokenUpdateParams;
import io.agentry.sdk.usage.UsageParams;
import io.agentry.sdk.usage.UsageRecord;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK against the real server (Liberty + PostgreSQL): every resource it wraps, its
 * errors, paging, idempotency and organization isolation, asserted on what the server keeps.
 */
class SdkIT {

    private static Api.Org org;
    private static Api.Org other;
    private static AgentryClient client;
    private static AgentryClient outsider;

    @BeforeAll
    static void setUp() {
        org = Api.createOrg("sdk");
        other = Api.createOrg("sdk-other");
        client = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(org.ownerToken()).build();
        outsider = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(other.ownerToken()).build();
    }

    @AfterAll
    static void tearDown() {
        client.close();
        outsider.close();
    }

    @Test
    void meDescribesTheCaller() {
        Me me = client.me().retrieve();
        assertEquals(org.id(), me.workspaceId());
        assertEquals(org.id(), me.organization().id());
        assertEquals(Plan.TEAM, me.plan());
        assertEquals(Role.OWNER, me.role());
        assertTrue(me.scopes().contains("admin"));
        assertEquals("token", me.authType());
        assertEquals(UUID.fromString(org.ownerTokenId()), me.tokenId());
        assertEquals(2, me.apiVersion(), "the SDK speaks version 2");
    }

    @Test
    void agentsCrudListAndFilters() {
        String tag = Api.unique("sdk");
        Agent agent = client.agents().create(AgentCreateParams.builder().name("SDK agent").description("first")
                .model("claude-sonnet-4-20250514").systemPrompt("Be brief.").temperature(0.4).maxTokens(512)
                .tools(List.of("search_knowledge_base")).tags(List.of(tag)).status(AgentStatus.BUSY).marketplace(true).build());
        assertEquals(AgentProvider.ANTHROPIC, agent.provider(), "inferred from the model");
        assertEquals(AgentStatus.BUSY, agent.status());
        assertEquals(List.of(tag), agent.tags());
        assertTrue(agent.marketplace());
        assertEquals(agent, client.agents().retrieve(agent.id()));

        Agent updated = client.agents().update(agent.id(), AgentUpdateParams.builder().description(null).temperature(1.5).build());
        assertNull(updated.description(), "null clears");
        assertEquals(1.5, updated.temperature());
        assertEquals("Be brief.", updated.systemPrompt(), "untouched fields stay");
        assertTrue(Api.at(org.ownerToken()).get("/api/v1/agents/" + agent.id()).expect(200).json().path("description").isNull(),
                "the server cleared it");

        List<Agent> found = client.agents().list(AgentListParams.builder().tag(tag).status(AgentStatus.BUSY)
                .provider(AgentProvider.ANTHROPIC).marketplace(true).build()).items();
        assertEquals(List.of(agent.id()), found.stream().map(Agent::id).toList());
        assertTrue(client.agents().list(AgentListParams.builder().tag(tag).status(AgentStatus.IDLE).build()).items().isEmpty());

        client.agents().delete(agent.id());
        NotFoundException gone = assertThrows(NotFoundException.class, () -> client.agents().retrieve(agent.id()));
        assertEquals("not_found", gone.code());
        assertNotNull(gone.requestId());
    }

    @Test
    void theAutoPagerWalksEveryPageOnce() {
        String tag = Api.unique("pages");
        Set<UUID> created = new java.util.HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(client.agents().create(AgentCreateParams.builder().name("paged " + i).tags(List.of(tag)).build()).id());
        }
        Page<Agent> first = client.agents().list(AgentListParams.builder().tag(tag).limit(3).build());
        assertEquals(3, first.items().size());
        assertTrue(first.hasNextPage());
        List<UUID> walked = first.autoPager().stream().map(Agent::id).toList();
        assertEquals(7, walked.size());
        assertEquals(created, Set.copyOf(walked), "no agent skipped or repeated");
        Page<Agent> last = first.nextPage().nextPage();
        assertEquals(1, last.items().size());
        assertFalse(last.hasNextPage());
    }

    @Test
    void badInputIsABadRequestNamingTheFieldAndChangesNothing() {
        long before = client.agents().list(ListParams.paging().limit(100).build()).autoPager().stream().count();
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.agents().create(AgentCreateParams.builder().name("x").temperature(7.0).build()));
        assertEquals("temperature", e.field());
        assertEquals("bad_request", e.code());
        BadRequestException unknown = assertThrows(BadRequestException.class, () -> client.agents().create(
                AgentCreateParams.builder().name("x").putAdditionalProperty("colour", "red").build()));
        assertEquals("colour", unknown.field());
        assertEquals(before, client.agents().list(ListParams.paging().limit(100).build()).autoPager().stream().count());
    }

    @Test
    void aRetriedPostIsReplayedNotRepeated() {
        String key = "sdk-it-" + UUID.randomUUID();
        RequestOptions once = RequestOptions.builder().idempotencyKey(key).build();
        Agent first = client.agents().create(AgentCreateParams.builder().name("exactly once").build(), once);
        Agent again = client.agents().create(AgentCreateParams.builder().name("exactly once").build(), once);
        assertEquals(first.id(), again.id());
        assertEquals(1, Api.countRows("select count(*) from agents where organization_id = ? and name = 'exactly once'", org.id()));
        assertThrows(UnprocessableEntityException.class,
                () -> client.agents().create(AgentCreateParams.builder().name("something else").build(), once));
    }

    @Test
    void tokensLifecycleAndScopes() {
        ApiToken token = client.tokens().create(TokenCreateParams.builder().name("sdk reader").scopes("bases:read")
                .expiresAt(OffsetDateTime.now().plusDays(1)).build());
        String secret = token.secret().orElseThrow();
        assertTrue(secret.startsWith("pk_") && secret.length() == 67);
        assertEquals(TokenStatus.ACTIVE, token.status());
        assertEquals(List.of("bases:read"), token.scopes());
        assertTrue(client.tokens().retrieve(token.id()).secret().isEmpty(), "the secret is shown once");

        try (AgentryClient reader = client.withOptions(b -> b.apiKey(secret))) {
            assertNotNull(reader.bases().list());
            PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> reader.agents().list());
            assertEquals("forbidden", denied.code());
            assertThrows(PermissionDeniedException.class, () -> reader.tokens().list());

            ApiToken renamed = client.tokens().update(token.id(), TokenUpdateParams.builder().name("sdk reader 2").build());
            assertEquals("sdk reader 2", renamed.name());
            assertTrue(client.tokens().list(TokenListParams.builder().status(TokenStatus.ACTIVE).build()).autoPager().stream()
                    .anyMatch(t -> t.id().equals(token.id())));

            ApiToken revoked = client.tokens().revoke(token.id());
            assertEquals(TokenStatus.REVOKED, revoked.status());
            assertNotNull(revoked.revokedAt());
            assertThrows(AuthenticationException.class, () -> reader.bases().list());
            assertTrue(client.tokens().list(TokenListParams.builder().status(TokenStatus.REVOKED).build()).autoPager().stream()
                    .anyMatch(t -> t.id().equals(token.id())));
        }
        client.tokens().delete(token.id());
        assertThrows(NotFoundException.class, () -> client.tokens().retrieve(token.id()));
    }

    @Test
    void organizationsAndMembers() {
        Organization own = client.organizations().retrieve(org.id());
        assertEquals(org.name(), own.name());
        assertEquals(List.of(org.id()), client.organizations().list().items().stream().map(Organization::id).toList());
        Organization renamed = client.organizations().update(org.id(), OrganizationUpdateParams.builder().name(org.name() + " (sdk)").build());
        assertEquals(org.name() + " (sdk)", renamed.name());
        client.organizations().update(org.id(), OrganizationUpdateParams.builder().name(org.name()).build());

        String email = "member-" + UUID.randomUUID().toString().substring(0, 8) + "@it.agentry.test";
        Member added = client.organizations().addMember(org.id(), MemberAddParams.builder().email(email).name("New Member").build());
        assertEquals(Role.MEMBER, added.role());
        assertEquals(Role.ADMIN, client.organizations().updateMemberRole(org.id(), added.userId(), Role.ADMIN).role());
        assertTrue(client.organizations().listMembers(org.id()).autoPager().stream().anyMatch(m -> m.email().equals(email)));
        client.organizations().removeMember(org.id(), added.userId());
        assertFalse(client.organizations().listMembers(org.id()).autoPager().stream().anyMatch(m -> m.email().equals(email)));
        ConflictException lastOwner = assertThrows(ConflictException.class,
                () -> client.organizations().updateMemberRole(org.id(), UUID.fromString(org.ownerUserId()), Role.MEMBER));
        assertEquals("conflict", lastOwner.code());
    }

    @Test
    void operatorsCreateOrganizationsAndSetRateLimits() {
        try (AgentryClient operator = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(Api.bootstrapToken()).build()) {
            CreatedOrganization created = operator.organizations().create(OrganizationCreateParams.builder()
                    .name(Api.unique("sdk-created")).plan(Plan.FREE).rateLimitPerMinute(3)
                    .ownerEmail("owner-" + UUID.randomUUID().toString().substring(0, 8) + "@it.agentry.test").build());
            assertEquals(Plan.FREE, created.organization().plan());
            assertEquals(3, created.organization().effectiveRateLimitPerMinute());
            assertEquals(Role.OWNER, created.owner().role());
            String secret = created.token().secret().orElseThrow();

            try (AgentryClient limited = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(secret).maxRetries(0).build()) {
                for (int i = 0; i < 3; i++) {
                    limited.me().retrieve();
                }
                RateLimitException limit = assertThrows(RateLimitException.class, () -> limited.me().retrieve());
                assertEquals("rate_limit_exceeded", limit.code());
                assertTrue(Integer.parseInt(limit.headers().get("Retry-After").get(0)) >= 1);
            }
            Organization raised = operator.organizations().update(created.organization().id(),
                    OrganizationUpdateParams.builder().rateLimitPerMinute(null).plan(Plan.PRO).build());
            assertNull(raised.rateLimitPerMinute());
            assertEquals(120, raised.effectiveRateLimitPerMinute());
        }
    }

    @Test
    void knowledgeBasesItemsUploadsAndQueries() {
        KnowledgeBase base = client.bases().create(BaseCreateParams.builder().name("SDK handbook").description("for the SDK test")
                .chunkSize(400).chunkOverlap(40).build());
        assertEquals(400, base.chunkSize());
        assertEquals("all-minilm-l6-v2-q", base.embeddingModel());
        var items = client.bases().items(base.id());

        KnowledgeItem text = items.create(ItemCreateParams.text("The staff canteen serves lasagne every Thursday at noon.")
                .title("Canteen").metadata(Map.of("team", "facilities", "tags", List.of("food"))).source("intranet").build());
        assertEquals(ItemKind.TEXT, text.kind());
        assertEquals(ItemStatus.PENDING, text.status());
        KnowledgeItem faq = items.create(ItemCreateParams.faq("How do I book a meeting room?",
                "Use the room booking page; rooms hold up to twelve people.").metadata(Map.of("team", "office")).build());
        assertEquals("How do I book a meeting room?", faq.title());
        KnowledgeItem pdf = items.upload(FileUpload.of("parking.pdf", Knowledge.pdf("Parking permits for the garage",
                "are issued by reception on the ground floor.")).metadata(Map.of("team", "facilities")).build());
        assertEquals(ItemKind.FILE, pdf.kind());
        assertEquals("application/pdf", pdf.mediaType());
        KnowledgeItem docx = items.upload(FileUpload.of("travel.docx", Knowledge.docx("Train tickets for business travel",
                "are booked through the travel desk.")).title("Travel").build());
        assertEquals("Travel", docx.title());

        KnowledgeBase settled = client.bases().awaitIngestion(base.id(), Duration.ofMinutes(2));
        assertEquals(4, settled.items().ready());
        assertEquals(384, settled.embeddingDimensions());
        assertTrue(settled.chunkCount() >= 4);
        assertEquals(4, items.list(ItemListParams.builder().status(ItemStatus.READY).build()).items().size());
        assertEquals("intranet", items.retrieve(text.id()).source());

        QueryResult hybrid = client.bases().query(base.id(), QueryParams.of("what is for lunch on thursday").limit(2).build());
        assertEquals(SearchMode.HYBRID, hybrid.mode());
        assertEquals(text.id(), hybrid.results().get(0).itemId());
        assertEquals("Canteen", hybrid.results().get(0).itemTitle());
        assertEquals("facilities", hybrid.results().get(0).metadata().path("team").asText());
        QueryResult semantic = client.bases().query(base.id(), QueryParams.of("where do I get a car park permit")
                .mode(SearchMode.SEMANTIC).limit(1).build());
        assertEquals(pdf.id(), semantic.results().get(0).itemId());
        QueryResult keyword = client.bases().query(base.id(), QueryParams.of("travel desk").mode(SearchMode.KEYWORD).build());
        assertEquals(docx.id(), keyword.results().get(0).itemId());
        QueryResult filtered = client.bases().query(base.id(), QueryParams.of("lasagne").where("team", "office").build());
        assertEquals(Set.of(faq.id()), filtered.results().stream().map(QueryResult.Match::itemId).collect(Collectors.toSet()),
                "the filter keeps only office items");
        QueryResult arrayMember = client.bases().query(base.id(), QueryParams.of("food").whereIn("tags", "food", "drink").build());
        assertEquals(Set.of(text.id()), arrayMember.results().stream().map(QueryResult.Match::itemId).collect(Collectors.toSet()));
        assertTrue(client.bases().query(base.id(), QueryParams.of("lasagne").mode(SearchMode.SEMANTIC).minScore(0.99).build())
                .results().isEmpty());

        KnowledgeItem edited = items.update(text.id(), ItemUpdateParams.builder().content("The canteen now serves curry on Fridays.").build());
        assertEquals(ItemStatus.PENDING, edited.status());
        client.bases().awaitIngestion(base.id(), Duration.ofMinutes(1));
        assertEquals(text.id(), client.bases().query(base.id(), QueryParams.of("curry").mode(SearchMode.KEYWORD).build())
                .results().get(0).itemId());

        KnowledgeBase renamed = client.bases().update(base.id(), BaseUpdateParams.builder().name("SDK handbook v2").build());
        assertEquals("SDK handbook v2", renamed.name());

        UnexpectedStatusException unsupported = assertThrows(UnexpectedStatusException.class,
                () -> items.upload(FileUpload.of("tool.exe", new byte[] {0x4d, 0x5a}).build()));
        assertEquals(415, unsupported.status());
        BadRequestException limit = assertThrows(BadRequestException.class,
                () -> client.bases().query(base.id(), QueryParams.of("x").limit(51).build()));
        assertEquals("limit", limit.field());

        items.delete(faq.id());
        assertThrows(NotFoundException.class, () -> items.retrieve(faq.id()));
        assertEquals(0, Knowledge.chunkRows(faq.id().toString(), "item_id"));
        client.bases().delete(base.id());
        assertThrows(NotFoundException.class, () -> client.bases().retrieve(base.id()));
        assertEquals(0, Knowledge.chunkRows(base.id().toString(), "base_id"));
    }

    @Test
    void anotherOrganizationSeesNothingThroughTheSdk() {
        Agent agent = client.agents().create(AgentCreateParams.builder().name("private agent").build());
        KnowledgeBase base = client.bases().create(BaseCreateParams.builder().name("private base").build());
        KnowledgeItem item = client.bases().items(base.id()).create(ItemCreateParams.text("private text").build());

        assertThrows(NotFoundException.class, () -> outsider.agents().retrieve(agent.id()));
        assertThrows(NotFoundException.class, () -> outsider.agents().update(agent.id(), AgentUpdateParams.builder().name("pwned").build()));
        assertThrows(NotFoundException.class, () -> outsider.agents().delete(agent.id()));
        assertThrows(NotFoundException.class, () -> outsider.bases().retrieve(base.id()));
        assertThrows(NotFoundException.class, () -> outsider.bases().query(base.id(), QueryParams.of("private").build()));
        assertThrows(NotFoundException.class, () -> outsider.bases().items(base.id()).list());
        assertThrows(NotFoundException.class, () -> outsider.bases().items(base.id()).retrieve(item.id()));
        assertThrows(NotFoundException.class, () -> outsider.bases().items(base.id()).delete(item.id()));
        assertThrows(NotFoundException.class, () -> outsider.organizations().retrieve(org.id()));
        assertThrows(NotFoundException.class, () -> outsider.tokens().retrieve(UUID.fromString(org.ownerTokenId())));
        assertFalse(outsider.agents().list().autoPager().stream().anyMatch(a -> a.id().equals(agent.id())));
        assertFalse(outsider.bases().list().autoPager().stream().anyMatch(b -> b.id().equals(base.id())));

        assertEquals("private agent", client.agents().retrieve(agent.id()).name());
        assertEquals("private text", client.bases().items(base.id()).retrieve(item.id()).content());
        client.bases().delete(base.id());
        client.agents().delete(agent.id());
    }

    @Test
    void teamsOfEachModeWithTypedConfigs() {
        UUID researcher = client.agents().create(AgentCreateParams.builder().name("researcher").build()).id();
        UUID writer = client.agents().create(AgentCreateParams.builder().name("writer").build()).id();
        Team pipeline = client.teams().create(TeamCreateParams.builder().name("Content Pipeline").config(TeamConfig.Pipeline.of(
                TeamConfig.Step.of(researcher, "Research", "Research the topic").onFailure(TeamConfig.OnFailure.RETRY, 3),
                TeamConfig.Step.of(writer, "Write", "Write it up").withExpectedOutput("An article")).withAutoHandoff(false))
                .build());
        assertEquals(TeamMode.PIPELINE, pipeline.mode());
        TeamConfig.Pipeline config = (TeamConfig.Pipeline) pipeline.typedConfig();
        assertEquals(TeamConfig.OnFailure.RETRY, config.steps().get(0).onFailure());
        assertEquals(3, config.steps().get(0).maxRetries());
        assertEquals(TeamConfig.OnFailure.STOP, config.steps().get(1).onFailure(), "the server's default");
        assertEquals(false, config.autoHandoff());
        assertEquals(List.of("researcher", "writer"), pipeline.members().stream().map(TeamMember::agentName).toList());
        assertEquals(pipeline, client.teams().retrieve(pipeline.id()));

        Team orchestrator = client.teams().update(pipeline.id(), TeamUpdateParams.builder()
                .config(TeamConfig.Orchestrator.of(writer, researcher).withMaxDelegations(4)).build());
        assertEquals(TeamMode.ORCHESTRATOR, orchestrator.mode());
        assertEquals(4, ((TeamConfig.Orchestrator) orchestrator.typedConfig()).maxDelegations());
        assertEquals(List.of(TeamMember.Role.LEAD, TeamMember.Role.MEMBER),
                orchestrator.members().stream().map(TeamMember::role).toList());

        Team collaboration = client.teams().create(TeamCreateParams.builder().name("Debate").config(
                TeamConfig.Collaboration.of(researcher, writer).withTermination(TeamConfig.Termination.CONSENSUS, 8)).build());
        assertEquals(TeamConfig.SpeakerSelection.ROUND_ROBIN, ((TeamConfig.Collaboration) collaboration.typedConfig()).speakerSelection());
        assertEquals(List.of(collaboration.id()), client.teams().list(TeamListParams.builder().mode(TeamMode.COLLABORATION).build())
                .autoPager().stream().map(Team::id).filter(id -> id.equals(collaboration.id())).toList());

        BadRequestException bad = assertThrows(BadRequestException.class, () -> client.teams().create(TeamCreateParams.builder()
                .name("bad").config(TeamConfig.Collaboration.of(writer)).build()));
        assertEquals("config.member_agent_ids", bad.field());
        assertThrows(NotFoundException.class, () -> outsider.teams().retrieve(collaboration.id()));
        client.teams().delete(pipeline.id());
        client.teams().delete(collaboration.id());
        assertThrows(NotFoundException.class, () -> client.teams().retrieve(pipeline.id()));
    }

    @Test
    void teamRunsThroughTheSdk() {
        FakeLlmServer.start(); // the test servers' providers all point at it
        String marker = Api.unique("sdk-run");
        UUID researcher = client.agents().create(AgentCreateParams.builder().name("run researcher").model("gpt-4o-mini").build()).id();
        UUID writer = client.agents().create(AgentCreateParams.builder().name("run writer").model("gpt-4o-mini").build()).id();
        Team pipeline = client.teams().create(TeamCreateParams.builder().name("Run Pipeline").config(TeamConfig.Pipeline.of(
                TeamConfig.Step.of(researcher, "Research", "Research the topic"),
                TeamConfig.Step.of(writer, "Write", "Write it up"))).build());

        Run started = client.runs().start(RunStartParams.builder().teamId(pipeline.id()).inputTask("Agent frameworks " + marker).build());
        assertEquals(RunStatus.PENDING, started.status());
        assertEquals(TeamMode.PIPELINE, started.mode());
        assertEquals(pipeline.id(), started.teamId());
        assertEquals(2, started.totalSteps());
        assertEquals(org.id(), started.workspaceId());

        // followed live until done: typed events, the last one Done
        List<RunEvent> events = new ArrayList<>();
        try (StreamResponse<RunEvent> stream = client.runs().events(started.id())) {
            for (RunEvent event : stream) {
                events.add(event);
                if (event instanceof RunEvent.Done) {
                    break;
                }
            }
        }
        RunEvent.Done done = assertInstanceOf(RunEvent.Done.class, events.get(events.size() - 1), events.toString());
        assertEquals(RunStatus.COMPLETED, done.status(), events.toString());
        assertEquals(RunStatus.PENDING, assertInstanceOf(RunEvent.Status.class, events.get(0)).status());
        List<RunEvent.StepStarted> steps = events.stream().filter(RunEvent.StepStarted.class::isInstance)
                .map(RunEvent.StepStarted.class::cast).toList();
        assertEquals(List.of("Research", "Write"), steps.stream().map(RunEvent.StepStarted::stepName).toList());
        assertEquals(List.of(researcher, writer), steps.stream().map(RunEvent.StepStarted::agentId).toList());
        List<RunEvent.StepFinished> finished = events.stream().filter(RunEvent.StepFinished.class::isInstance)
                .map(RunEvent.StepFinished.class::cast).toList();
        assertEquals(List.of(RunEvent.StepOutcome.COMPLETED, RunEvent.StepOutcome.COMPLETED),
                finished.stream().map(RunEvent.StepFinished::status).toList());
        assertTrue(events.stream().noneMatch(RunEvent.Unknown.class::isInstance), events.toString());

        // read back with its transcript, tokens and cost
        Run run = client.runs().retrieve(started.id());
        assertEquals(RunStatus.COMPLETED, run.status());
        assertEquals(2, run.currentStep());
        assertEquals(done.output(), run.output());
        assertEquals(finished.get(1).output(), run.output());
        assertEquals(List.of(RunMessage.Type.INPUT, RunMessage.Type.OUTPUT, RunMessage.Type.OUTPUT),
                run.messages().stream().map(RunMessage::type).toList());
        assertEquals("Agent frameworks " + marker, run.messages().get(0).content());
        assertEquals(RunMessage.Role.STEP, run.messages().get(1).role());
        assertEquals("Write", run.messages().get(2).stepName());
        assertEquals(run.output(), run.messages().get(2).content());
        assertTrue(run.output().contains(marker), run.output());
        assertTrue(run.tokensTotal() > 0, run.toString());
        assertEquals(run.promptTokens() + run.completionTokens(), run.tokensTotal());
        assertEquals(run.tokensTotal(), run.messages().stream().mapToLong(RunMessage::tokens).sum());
        assertTrue(run.costUsd().signum() > 0, run.toString());
        assertNotNull(run.startedAt());
        assertNotNull(run.completedAt());

        // resumed after the next-to-last event, the stream sends only what followed
        List<RunEvent> rest = new ArrayList<>();
        try (StreamResponse<RunEvent> stream = client.runs().events(run.id(), events.get(events.size() - 2).eventId())) {
            stream.forEach(rest::add);
        }
        assertEquals(1, rest.size(), rest.toString());
        assertEquals(done.eventId(), rest.get(0).eventId());

        // listed by team (without messages); each model call's usage names the run
        List<Run> listed = client.runs().list(RunListParams.builder().teamId(pipeline.id()).build()).autoPager().stream().toList();
        assertEquals(List.of(run.id()), listed.stream().map(Run::id).toList());
        assertNull(listed.get(0).messages());
        List<UsageRecord> usage = client.usage().list(UsageParams.builder().teamRunId(run.id()).build()).items();
        assertEquals(2, usage.size(), usage.toString());
        assertTrue(usage.stream().allMatch(u -> run.id().equals(u.teamRunId())), usage.toString());
        assertEquals(run.tokensTotal(), usage.stream().mapToLong(UsageRecord::totalTokens).sum());

        // without auto-handoff the run pauses after step 1 and goes on with what the reviewer sends
        Team reviewed = client.teams().create(TeamCreateParams.builder().name("Reviewed Pipeline").config(TeamConfig.Pipeline.of(
                TeamConfig.Step.of(researcher, "Draft", "Draft it"),
                TeamConfig.Step.of(writer, "Final", "Finish it")).withAutoHandoff(false)).build());
        UUID second = client.runs().start(RunStartParams.builder().teamId(reviewed.id()).inputTask("Review " + marker).build()).id();
        Run paused = awaitRun(second, RunStatus.PAUSED, RunStatus.FAILED, RunStatus.COMPLETED);
        assertEquals(RunStatus.PAUSED, paused.status(), paused.toString());
        assertEquals(1, paused.currentStep());
        assertEquals(paused.messages().get(1).content(), paused.pendingOutput());
        assertEquals(List.of(second), client.runs().list(RunListParams.builder().teamId(reviewed.id()).status(RunStatus.PAUSED).build())
                .items().stream().map(Run::id).toList());
        Run resumed = client.runs().resume(second, "EDITED by the SDK " + marker);
        assertEquals(RunStatus.RUNNING, resumed.status());
        Run completed = awaitRun(second, RunStatus.COMPLETED, RunStatus.FAILED);
        assertEquals(RunStatus.COMPLETED, completed.status(), completed.toString());
        assertEquals(List.of(RunMessage.Type.INPUT, RunMessage.Type.OUTPUT, RunMessage.Type.EDITED, RunMessage.Type.OUTPUT),
                completed.messages().stream().map(RunMessage::type).toList());
        assertTrue(completed.output().contains("EDITED by the SDK " + marker), "the last step got the edited output: " + completed.output());
        assertNull(completed.pendingOutput());

        // a run that has ended can be neither cancelled nor resumed
        RequestOptions once = RequestOptions.builder().maxRetries(0).build();
        ConflictException over = assertThrows(ConflictException.class, () -> client.runs().cancel(second, once));
        assertEquals("conflict", over.code());
        assertThrows(ConflictException.class, () -> client.runs().resume(second, null, once));
        assertThrows(NotFoundException.class, () -> outsider.runs().retrieve(second));

        // a task assigned to the team is served by a run and takes its output
        Task task = client.tasks().create(TaskCreateParams.builder().title("Team task " + marker).assignedTeamId(pipeline.id()).build());
        assertEquals(TaskStatus.DISPATCHED, task.status());
        long deadline = System.currentTimeMillis() + 30_000;
        while (!client.tasks().retrieve(task.id()).status().isFinal() && System.currentTimeMillis() < deadline) {
            Api.sleep(50);
        }
        Task served = client.tasks().retrieve(task.id());
        assertEquals(TaskStatus.COMPLETED, served.status(), served.toString());
        Run taskRun = client.runs().list(RunListParams.builder().teamId(pipeline.id()).build()).autoPager().stream()
                .filter(r -> task.id().equals(r.taskId())).findFirst().orElseThrow();
        assertEquals(taskRun.output(), served.result());
        assertEquals(taskRun.tokensTotal(), served.tokensTotal());

        client.teams().delete(pipeline.id());
        client.teams().delete(reviewed.id());
        assertNull(client.runs().retrieve(run.id()).teamId(), "a run outlives its team");
        client.agents().delete(researcher);
        client.agents().delete(writer);
    }

    /** Polls the run until its status is one of {@code statuses} (or 30 s have passed): the run as it then is. */
    private static Run awaitRun(UUID id, RunStatus... statuses) {
        List<RunStatus> wanted = List.of(statuses);
        long deadline = System.currentTimeMillis() + 30_000;
        Run run = client.runs().retrieve(id);
        while (!wanted.contains(run.status()) && System.currentTimeMillis() < deadline) {
            Api.sleep(50);
            run = client.runs().retrieve(id);
        }
        return run;
    }

    @Test
    void theSquadOsPathPrefixWorksAsABaseUrl() {
        try (AgentryClient alias = AgentryClient.builder().baseUrl(Api.baseUrl() + "/functions/v1").apiKey(org.ownerToken()).build()) {
            assertEquals(org.id(), alias.me().retrieve().workspaceId());
            List<UUID> ids = new ArrayList<>();
            alias.agents().list().autoPager().forEach(a -> ids.add(a.id()));
            assertEquals(client.agents().list(ListParams.paging().limit(100).build()).autoPager().stream().count(), ids.size());
        }
    }
}
