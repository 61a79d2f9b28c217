package hooks.system;

import criu.invoke.CriuCommand;
import criu.invoke.proc.CriuVersion;
import criu.invoke.process.ChildRunner;
import criu.invoke.process.CriuResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/** The configured criu binary and what the programs ask of it besides dumps and restores. */
public final class Criu {
    private Criu() {}

    public static Path binary(SiteConfig config) {
        return Path.of(config.text(ConfigKey.CRIU_BINARY));
    }

    /** {@code criu --version} as text, or {@code unknown}. */
    public static String version(Path criu) {
        return version(ChildRunner.SYSTEM, criu);
    }

    /** {@code criu --version} run through {@code children}, as text, or {@code unknown}. */
    public static String version(ChildRunner children, Path criu) {
        CriuResult r = children.run(CriuCommand.version(criu), null, Duration.ofSeconds(10), Optional.empty());
        try {
            return CriuVersion.parse(r.stdout()).toString();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }
}
