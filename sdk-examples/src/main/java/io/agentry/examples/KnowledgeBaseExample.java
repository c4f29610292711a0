package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.knowledge.BaseCreateParams;
import io.agentry.sdk.knowledge.FileUpload;
import io.agentry.sdk.knowledge.ItemCreateParams;
import io.agentry.sdk.knowledge.KnowledgeBase;
import io.agentry.sdk.knowledge.QueryParams;
import io.agentry.sdk.knowledge.QueryResult;
import io.agentry.sdk.knowledge.SearchMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Knowledge base: create a base, add a text item, a FAQ and a file (a path given as the first
 * argument, else a small Markdown file written here), wait for ingestion, then search it.
 */
public final class KnowledgeBaseExample {

    public static void main(String[] args) throws Exception {
        try (AgentryClient client = AgentryClient.fromEnv()) {
            KnowledgeBase base = client.bases().create(BaseCreateParams.builder()
                    .name("Support handbook").chunkSize(800).chunkOverlap(80).build());
            System.out.println("Created base " + base.id() + " (embeddings: " + base.embeddingProvider() + " " + base.embeddingModel() + ")");

            var items = client.bases().items(base.id());
            items.create(ItemCreateParams.text("Refunds are paid within 30 days of a return, to the original card.")
                    .title("Refund policy").metadata(Map.of("lang", "en", "team", "billing")).build());
            items.create(ItemCreateParams.faq("How do I reset my password?",
                    "Open Settings, choose Security and click 'Reset password'. The link is valid for one hour.")
                    .metadata(Map.of("lang", "en", "team", "support")).build());

            Path file = args.length > 0 ? Path.of(args[0]) : Files.writeString(Files.createTempFile("shipping", ".md"),
                    "# Shipping\n\nParcels leave our warehouse within two working days. Express delivery costs 9 euros.",
                    StandardCharsets.UTF_8);
            items.upload(FileUpload.of(file).title("Shipping").metadata(Map.of("lang", "en", "team", "logistics")).build());

            base = client.bases().awaitIngestion(base.id(), Duration.ofMinutes(2));
            System.out.println("Ingested: " + base.items().ready() + " ready, " + base.items().failed() + " failed, "
                    + base.chunkCount() + " chunks");

            for (String question : new String[] {"when do I get my money back", "forgot my password", "how fast is delivery"}) {
                QueryResult result = client.bases().query(base.id(), QueryParams.of(question).limit(1).build());
                QueryResult.Match best = result.results().get(0);
                System.out.printf("%s -> %s (%.2f): %s%n", question, best.itemTitle(), best.score(), best.content());
            }

            QueryResult billingOnly = client.bases().query(base.id(),
                    QueryParams.of("money").mode(SearchMode.SEMANTIC).whereIn("team", "billing").build());
            System.out.println("Filtered to billing: " + billingOnly.results().size() + " result(s), first " + billingOnly.results().get(0).itemTitle());

            client.bases().delete(base.id());
            System.out.println("Deleted base " + base.id());
        }
    }

    private KnowledgeBaseExample() {
    }
}
