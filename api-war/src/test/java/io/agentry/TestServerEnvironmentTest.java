package io.agentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The integration-test servers take every setting from src/test/liberty, never from the shell
 * that starts the build: common.env must name each setting the server reads.
 */
class TestServerEnvironmentTest {

    private static final Path LIBERTY = Path.of("src/test/liberty");
    private static final List<String> SERVERS = List.of("postgres-server.env", "postgres-server-2.env", "h2-server.env");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"(\\s*,\\s*defaultValue)?");
    private static final Pattern CONFIG_LOOKUP = Pattern.compile("get(?:Optional)?Value\\(\\s*\"([^\"]+)\"");
    private static final Pattern LIBERTY_VARIABLE = Pattern.compile("\\$\\{(AGENTRY_[A-Z0-9_]+)}");

    @Test
    void commonEnvNamesEverySettingTheServerReads() throws IOException {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                collect(CONFIG_PROPERTY.matcher(code), read);
                collect(CONFIG_LOOKUP.matcher(code), read);
            }
        }
        collect(LIBERTY_VARIABLE.matcher(Files.readString(Path.of("../liberty-config/server.xml"))), read);
        assertTrue(read.size() > 40, "found too few settings to trust the scan: " + read);
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(settings("common.env").keySet());
        assertEquals(Set.of(), missing, "settings the server reads that common.env does not set");
    }

    /** MicroProfile Config takes an empty value as set-to-nothing, not as "use the default": the server would not start. */
    @Test
    void settingsWithADefaultAreNeverEmpty() throws IOException {
        Set<String> withDefault = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CONFIG_PROPERTY.matcher(Files.readString(source));
                while (m.find()) {
                    if (m.group(2) != null) {
                        withDefault.add(envName(m.group(1)));
                    }
                }
            }
        }
        assertTrue(withDefault.size() > 30, "found too few settings with defaults to trust the scan: " + withDefault);
        for (String server : SERVERS) {
            Map<String, String> merged = settings("common.env");
            merged.putAll(settings(server));
            Set<String> empty = new TreeSet<>();
            for (String name : withDefault) {
                if (merged.getOrDefault(name, "").isEmpty()) {
                    empty.add(name);
                }
            }
            for (String name : List.of("AGENTRY_HTTP_PORT", "AGENTRY_DB_URL", "AGENTRY_DB_USER", "AGENTRY_DATA_DIR")) {
                if (merged.getOrDefault(name, "").isEmpty()) {
                    empty.add(name);
                }
            }
            assertEquals(Set.of(), empty, server + ": settings with a default (or that every server needs) left empty");
        }
    }

    @Test
    void serversOverrideOnlyKnownSettingsAndNeverTheToken() throws IOException {
        Map<String, String> common = settings("common.env");
        assertEquals("@BOOTSTRAP_TOKEN@", common.get("AGENTRY_BOOTSTRAP_TOKEN"), "the token is made per build");
        for (String server : SERVERS) {
            Map<String, String> own = settings(server);
            Set<String> unknown = new TreeSet<>(own.keySet());
            unknown.removeAll(common.keySet());
            assertEquals(Set.of(), unknown, server + " sets what common.env does not name (a typo?)");
            assertTrue(!own.containsKey("AGENTRY_BOOTSTRAP_TOKEN"), server + " must not set the token");
        }
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(envName(matcher.group(1)));
        }
    }

    /** MicroProfile Config's environment-variable form of a property name. */
    private static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> settings(String file) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(LIBERTY.resolve(file))) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                settings.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return settings;
    }
}
