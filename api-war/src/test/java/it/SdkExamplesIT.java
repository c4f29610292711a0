package it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.examples.KnowledgeBaseExample;
import io.agentry.examples.OrchestratorExample;
import io.agentry.examples.PagingThroughEverything;
import io.agentry.examples.PipelineExample;
import io.agentry.examples.Quickstart;
import io.agentry.examples.StreamingChat;
import io.agentry.examples.TasksExample;
import io.agentry.examples.TokenManagement;
import io.agentry.examples.WebhooksExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The programs of sdk-examples, run as a user would (configured through AGENTRY_API_KEY's
 * system-property twin) against the real server; each must finish and print what it promises.
 */
class SdkExamplesIT {

    @FunctionalInterface
    interface Program {
        void run() throws Exception;
    }

    private PrintStream stdout;

    @BeforeEach
    void configure() {
        FakeLlmServer.start();
        Api.Org org = Api.createOrg("examples");
        System.setProperty("agentry.apiKey", org.ownerToken());
        System.setProperty("agentry.baseUrl", Api.baseUrl());
        stdout = System.out;
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.clearProperty("agentry.apiKey");
        System.clearProperty("agentry.baseUrl");
    }

    private String run(Program program) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(stdout);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        stdout.print(output);
        return output;
    }

    private static void assertPrinted(String output, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(output).find(), "expected /" + regex + "/ in:\n" + output);
    }

    @Test
    void quickstart() throws Exception {
        String out = run(() -> Quickstart.main(new String[0]));
        assertPrinted(out, "^Signed in to it-examples-.* \\(TEAM\\) with scopes \\[admin, read, write\\]$");
        assertPrinted(out, "^Created agent [0-9a-f-]{36} \\(ANTHROPIC claude-sonnet-4-20250514\\)$");
        assertPrinted(out, "^Reply: Echo: Review: for \\(i = 0; i <= n; i\\+\\+\\) \\(2 messages\\) \\[32 tokens\\]$");
        assertPrinted(out, "^Follow-up in the same conversation: true$");
        assertPrinted(out, "^Description: Reviews pull requests$");
        assertPrinted(out, "^Deleted agent ");
    }

    @Test
    void streamingChat() throws Exception {
        String out = run(() -> StreamingChat.main(new String[0]));
        assertPrinted(out, "^Echo: A story about a lighthouse \\(2 messages\\)$");
        assertPrinted(out, "^Streamed 45 characters, 8 completion tokens$");
        assertPrinted(out, "^Accumulated: Echo: Another one \\(2 messages\\)$");
        assertPrinted(out, "^The conversation holds 2 messages$");
        assertPrinted(out, "^Usage: 2 model calls, 53 tokens, 0\\.0000\\d+ USD$");
    }

    @Test
    void knowledgeBase() throws Exception {
        String out = run(() -> KnowledgeBaseExample.main(new String[0]));
        assertPrinted(out, "^Ingested: 3 ready, 0 failed, [1-9][0-9]* chunks$");
        assertPrinted(out, "^when do I get my money back -> Refund policy ");
        assertPrinted(out, "^forgot my password -> How do I reset my password\\? ");
        assertPrinted(out, "^how fast is delivery -> Shipping ");
        assertPrinted(out, "^Filtered to billing: 1 result\\(s\\), first Refund policy$");
    }

    @Test
    void tokenManagement() throws Exception {
        String out = run(() -> TokenManagement.main(new String[0]));
        assertPrinted(out, "^Issued pk_[0-9a-f]+\\.\\.\\. with scopes \\[bases:read\\]");
        assertPrinted(out, "^The widget sees 0 base\\(s\\) on the first page$");
        assertPrinted(out, "^Listing agents is refused: 403 ");
        assertPrinted(out, "^2 active token\\(s\\)$");
        assertPrinted(out, "^After revocation: 401 ");
    }

    @Test
    void pagingThroughEverything() throws Exception {
        String out = run(() -> PagingThroughEverything.main(new String[0]));
        assertPrinted(out, "^12 agents in 3 pages of 5$");
        assertPrinted(out, "^Newest three: \\[Agent 12, Agent 11, Agent 10\\] \\(one request\\)$");
        assertPrinted(out, "^Auto-pager walked 12 agents$");
        assertPrinted(out, "^The organization has 12 agents, 0 knowledge bases and 1 tokens$");
    }

    @Test
    void tasks() throws Exception {
        String out = run(() -> TasksExample.main(new String[0]));
        assertPrinted(out, "^Created task [0-9a-f-]{36} \\(DISPATCHED, priority HIGH\\)$");
        assertPrinted(out, "^Task [0-9a-f-]{36} completed: Echo: Summarize release 2\\.4\\n\\nFaster startup");
        assertPrinted(out, "^It took 1 attempt\\(s\\) and [1-9][0-9]* tokens");
        assertPrinted(out, "^1 completed task\\(s\\) for Release Notes Writer$");
    }

    @Test
    void pipelineRunPausedForAReview() throws Exception {
        String out = run(() -> PipelineExample.main(new String[0]));
        assertPrinted(out, "^Created pipeline team [0-9a-f-]{36} with 2 steps");
        assertPrinted(out, "^Started run [0-9a-f-]{36} \\(PENDING\\)$");
        assertPrinted(out, "^Step 1 \\(Research\\) started, attempt 1$");
        assertPrinted(out, "^Step 1 \\(Research\\) COMPLETED: Echo: Write a short guide to choosing an AI agent framework$");
        assertPrinted(out, "^Paused after step 1 \\(Research\\) for a review; it would hand on: Echo: Write a short guide");
        assertPrinted(out, "^Resumed with an edited output \\(RUNNING\\)$");
        assertPrinted(out, "^Step 2 \\(Write\\) COMPLETED: Echo: ");
        assertPrinted(out, "^Run [0-9a-f-]{36} COMPLETED$");
        // the second step was handed the reviewer's text, which its (echoed) answer, the run's output, shows
        assertPrinted(out, "^Output: Echo: Write a short guide");
        assertPrinted(out, "^Reviewed: keep it practical, for a team choosing this quarter\\.$");
        assertPrinted(out, "^Tokens: [1-9][0-9]* \\([1-9][0-9]* prompt \\+ [1-9][0-9]* completion\\), cost 0\\.0*[1-9][0-9]* USD$");
        assertPrinted(out, "^Transcript: INPUT, OUTPUT, EDITED, OUTPUT$");
        assertPrinted(out, "^  Write by Writer: [1-9][0-9]* tokens, ");
    }

    @Test
    void orchestratorRunDelegatingToEveryMember() throws Exception {
        // [delegate:all]: the fake model's lead delegates to every member at once (FakeLlmServer)
        String out = run(() -> OrchestratorExample.main(new String[] {"[delegate:all]", "Plan the launch of a note-taking app"}));
        assertPrinted(out, "^Created orchestrator team [0-9a-f-]{36}: lead Lead, members Researcher and Copywriter$");
        assertPrinted(out, "^Started run [0-9a-f-]{36} \\(PENDING\\)$");
        assertPrinted(out, "^Round 1: delegated to Researcher: Do the part of researcher$");
        assertPrinted(out, "^Round 1: delegated to Copywriter: Do the part of copywriter$");
        assertPrinted(out, "^Round 1: Researcher answered \\(COMPLETED\\): Echo: Do the part of researcher$");
        assertPrinted(out, "^Round 1: Copywriter answered \\(COMPLETED\\): Echo: Do the part of copywriter$");
        assertPrinted(out, "^Run [0-9a-f-]{36} COMPLETED$");
        assertPrinted(out, "^Output: Based on Echo: Do the part of researcher \\| Echo: Do the part of copywriter$");
        assertPrinted(out, "^Tokens: [1-9][0-9]*, cost 0\\.0*[1-9][0-9]* USD, 6 messages in the transcript$");
    }

    @Test
    void webhooks() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            System.setProperty("agentry.example.webhookUrl", receiver.url("example"));
            String out = run(() -> WebhooksExample.main(new String[0]));
            assertPrinted(out, "^Subscribed [0-9a-f-]{36} to task\\.completed$");
            assertPrinted(out, "^Verified task\\.completed msg_");
            assertPrinted(out, "^Refused \\(NO_MATCHING_SIGNATURE\\): ");
        } finally {
            System.clearProperty("agentry.example.webhookUrl");
        }
    }
}
