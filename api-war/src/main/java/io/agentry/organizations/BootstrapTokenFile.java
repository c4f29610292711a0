package io.agentry.organizations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a generated admin token goes: never into the log (logs are shipped, kept and read by
 * many), but into {@code bootstrap-token} in the data folder, readable by the server's user
 * only, as Jenkins does with its initial password; the log says where.
 */
@ApplicationScoped
public class BootstrapTokenFile {

    private static final Logger LOG = Logger.getLogger(BootstrapTokenFile.class.getName());
    static final String NAME = "bootstrap-token";

    /** The data folder; without it, {@code data} in the server's working directory (Liberty's server folder). */
    @Inject
    @ConfigProperty(name = "agentry.data.dir")
    Optional<String> dataDir;

    /** Writes the token, replacing an earlier one, and says where in the log. */
    public void write(String token) {
        Path file = Path.of(dataDir.filter(d -> !d.isBlank()).orElse("data")).toAbsolutePath().resolve(NAME);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
            }
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            LOG.severe("Could not write the generated admin token to " + file + " (" + e.getMessage() + "). It is not shown "
                    + "anywhere else: stop the server, set AGENTRY_BOOTSTRAP_TOKEN, and start it on an empty database.");
            return;
        }
        LOG.warning("""

                ==========================================================================
                 Agentry's generated admin token is in %s
                 (readable by this user only). Store it in your secret manager, then
                 delete the file.
                ==========================================================================""".formatted(file));
    }
}
