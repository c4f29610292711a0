package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The server's /openapi document is good enough to generate a working client: openapi-generator
 * (Java, JDK HttpClient library) generates one from the live document, javac compiles it, and
 * the generated client calls the real server.
 */
class OpenApiClientGenerationIT {

    private static final String PACKAGE = "io.agentry.generated";

    @Test
    void aGeneratedJavaClientCompilesAndTalksToTheServer() throws Exception {
        Path work = Path.of(System.getProperty("agentry.it.workDir", "target/it-work"), "openapi-client");
        deleteRecursively(work);
        Files.createDirectories(work);
        Path document = work.resolve("openapi.json");
        Files.writeString(document, Api.bootstrap().anonymous().get("/openapi?format=json").expect(200).body());

        Path out = work.resolve("client");
        Path cli = Path.of(System.getProperty("agentry.it.openapiGenerator", "target/tools/openapi-generator-cli.jar"));
        assertTrue(Files.isRegularFile(cli), "openapi-generator CLI missing at " + cli + " (copied by the build)");
        Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", cli.toString(),
                "generate", "-g", "java", "--library", "native", "-i", document.toString(), "-o", out.toString(),
                "--api-package", PACKAGE + ".api", "--model-package", PACKAGE + ".model", "--invoker-package", PACKAGE,
                "--additional-properties=openApiNullable=false,useJakartaEe=true,annotationLibrary=none,hideGenerationTimestamp=true",
                "--global-property=apiTests=false,modelTests=false,apiDocs=false,modelDocs=false")
                .redirectErrorStream(true).redirectOutput(work.resolve("generator.log").toFile()).start();
        assertTrue(generator.waitFor(5, TimeUnit.MINUTES), "openapi-generator did not finish");
        String log = Files.readString(work.resolve("generator.log"));
        assertEquals(0, generator.exitValue(), "openapi-generator failed:\n" + log);

        Path classes = work.resolve("classes");
        compile(out.resolve("src/main/java"), classes, work);

        Api.Org org = Api.createOrg("openapi-client");
        JsonNode agent = org.api().createAgent("Generated-client agent");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Object apiClient = loader.loadClass(PACKAGE + ".ApiClient").getConstructor().newInstance();
            apiClient.getClass().getMethod("updateBaseUri", String.class).invoke(apiClient, Api.baseUrl());
            Consumer<HttpRequest.Builder> auth = b -> b.header("Authorization", "Bearer " + org.ownerToken());
            apiClient.getClass().getMethod("setRequestInterceptor", Consumer.class).invoke(apiClient, auth);

            Object me = call(loader, apiClient, "IdentityApi", "getMe");
            assertEquals(org.id(), get(me, "getWorkspaceId"));
            assertEquals(org.name(), get(me, "getWorkspaceName"));

            List<?> agents = (List<?>) call(loader, apiClient, "AgentsApi", "listAgents");
            assertEquals(List.of(UUID.fromString(agent.path("id").asText())), agents.stream().map(a -> get(a, "getId")).toList());

            Object fetched = call(loader, apiClient, "AgentsApi", "getAgent", agent.path("id").asText());
            assertEquals("Generated-client agent", get(fetched, "getName"));
        }
    }

    /** Calls an operation of a generated API class; parameters after the given ones are left null (optional headers, filters). */
    private static Object call(ClassLoader loader, Object apiClient, String api, String operation, Object... leading) throws Exception {
        Class<?> type = loader.loadClass(PACKAGE + ".api." + api);
        Object instance = type.getConstructor(apiClient.getClass()).newInstance(apiClient);
        Method method = Stream.of(type.getMethods()).filter(m -> m.getName().equals(operation))
                .min((x, y) -> Integer.compare(y.getParameterCount(), x.getParameterCount())).orElseThrow(
                        () -> new AssertionError(api + " has no operation " + operation + ": " + List.of(type.getMethods())));
        Object[] args = new Object[method.getParameterCount()];
        System.arraycopy(leading, 0, args, 0, leading.length);
        return method.invoke(instance, args);
    }

    private static Object get(Object model, String getter) {
        try {
            return model.getClass().getMethod(getter).invoke(model);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(model.getClass() + " has no " + getter, e);
        }
    }

    private static void compile(Path sources, Path classes, Path work) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
        }
        assertTrue(files.size() > 10, "the generator wrote only " + files.size() + " sources");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK is needed to compile the generated client");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "-cp", testClasspath()));
        args.addAll(files);
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        Files.write(work.resolve("javac.log"), errors.toByteArray());
        assertEquals(0, status, "the generated client does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    }

    /** What the generated code needs (Jackson, Jakarta annotations, Apache httpmime), from this test's class path. */
    private static String testClasspath() {
        List<String> entries = new ArrayList<>();
        for (String type : List.of("com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonParser",
                "com.fasterxml.jackson.annotation.JsonProperty", "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule",
                "jakarta.annotation.Nullable", "org.apache.http.entity.mime.MultipartEntityBuilder", "org.apache.http.HttpEntity",
                "org.apache.http.client.entity.UrlEncodedFormEntity")) {
            try {
                entries.add(Path.of(Class.forName(type).getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
                throw new AssertionError("not on the test class path: " + type, e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
