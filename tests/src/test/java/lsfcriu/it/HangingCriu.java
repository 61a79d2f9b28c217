package lsfcriu.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fake criu for fault injection only: it says it is 4.1.1, passes {@code criu check}, and hangs
 * in every dump, as Debian 13's criu does on the December hosts.
 */
final class HangingCriu {
    private HangingCriu() {}

    /** Writes the fake into {@code dir} (made readable by every user) and returns its path. */
    static Path write(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path fake = dir.resolve("criu-4.1.1-hangs");
        Files.writeString(fake, """
                #!/bin/sh
                case "$1" in
                  --version) echo "Version: 4.1.1" ;;
                  --help) echo "  --no-default-config   forbid usage of default configuration files" ;;
                  check) echo "Looks good." ;;
                  dump) exec /bin/sleep 1000 ;;
                  *) echo "fake criu: $1 not supported" >&2; exit 1 ;;
                esac
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fake;
    }
}
