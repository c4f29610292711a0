package io.agentry.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PublishedTokensTest {

    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_])(pk|cf|crfm)_[A-Za-z0-9]{16,128}(?![A-Za-z0-9])");
    private static final Set<String> NOT_SCANNED = Set.of(".git", ".liberty", "target", "data", "out", "node_modules");

    /** Every token-shaped value written anywhere in the repository must be one no server accepts. */
    @Test
    void everyTokenTheRepositoryHoldsIsPublished() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("agentry")), "the repository root is the parent of api-war: " + root);
        Map<String, String> found = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return NOT_SCANNED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.size() < 4_000_000) {
                    byte[] bytes = Files.readAllBytes(file);
                    Matcher m = TOKEN.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
                    while (m.find()) {
                        found.putIfAbsent(m.group(), root.relativize(file).toString());
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertFalse(found.isEmpty(), "the scan found nothing at all (RunCommandIT holds an earlier test token)");
        Map<String, String> unpublished = new TreeMap<>();
        found.forEach((token, file) -> {
            if (!PublishedTokens.isPublished(token)) {
                unpublished.put(TokenSecrets.displayPrefix(token), file);
            }
        });
        assertEquals(Map.of(), unpublished, "token values committed to the repository that servers would accept: "
                + "generate them at run time, or add their SHA-256 to PublishedTokens");
    }

    @Test
    void theOldTestAndBenchmarkTokensAreRefused() {
        assertTrue(PublishedTokens.isPublished("pk_1770000000000000000000000000000000000000000000000000000000000001"));
        assertTrue(PublishedTokens.isPublished("pk_b000000000000000000000000000000000000000000000000000000000000001"));
        assertFalse(PublishedTokens.isPublished(TokenSecrets.generate()));
    }
}
