package hooks.doctor;

import checkpoint.store.metrics.MetricsFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * What an administrator with Prometheus needs to hold: {@code METRICS_DIR} a real directory, root's,
 * sticky and writable by every job user; each {@code lsf_criu_*.prom} in it valid (Prometheus's own
 * {@code promtool check metrics} when it is on the PATH); and {@code NOTIFY_COMMAND} an executable file.
 */
final class FleetChecks {
    private FleetChecks() {}

    static List<Check> of(SiteConfig config) {
        List<Check> checks = new ArrayList<>();
        String dir = config.text(ConfigKey.METRICS_DIR);
        if (dir.isEmpty()) {
            checks.add(Check.skip("metrics", "METRICS_DIR is empty: no metrics for Prometheus"));
        } else {
            checks.add(directory(Path.of(dir)));
            checks.addAll(files(Path.of(dir)));
        }
        List<String> notify = config.words(ConfigKey.NOTIFY_COMMAND);
        if (notify.isEmpty()) {
            checks.add(Check.skip("notifications", "NOTIFY_COMMAND is empty: nobody is told of a failed checkpoint"));
        } else {
            Path p = Path.of(notify.get(0));
            checks.add(
                    Files.isRegularFile(p) && Files.isExecutable(p)
                            ? Check.pass(
                                    "notifications",
                                    String.join(" ", notify) + " (bounded by NOTIFY_TIMEOUT="
                                            + config.number(ConfigKey.NOTIFY_TIMEOUT) + " s)")
                            : Check.fail(
                                    "notifications",
                                    p + " is not an executable file: no notification is sent",
                                    "install it, or empty NOTIFY_COMMAND"));
        }
        return checks;
    }

    static Check directory(Path dir) {
        String fix =
                "install -d -m 1777 -o root " + dir + " (node_exporter --collector.textfile.directory=" + dir + ")";
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return Check.fail("metrics", dir + " does not exist: no job can write its metrics", fix);
            }
            java.util.Optional<String> refusal = new MetricsFile(dir, "doctor", 0).directoryRefusal();
            if (refusal.isPresent()) {
                return Check.fail("metrics", refusal.get(), fix);
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            if ((mode & 0002) == 0) {
                return Check.warn(
                        "metrics",
                        dir + " mode " + Integer.toOctalString(mode) + ": only its owner's jobs (uid " + owner
                                + ") can write their metrics",
                        fix);
            }
            if (owner != 0) {
                return Check.warn(
                        "metrics", dir + " belongs to uid " + owner + ", who may remove every user's file", fix);
            }
            return Check.pass("metrics", dir + " (root's, mode " + Integer.toOctalString(mode) + ")");
        } catch (IOException | RuntimeException e) {
            return Check.fail("metrics", dir + " cannot be examined: " + e.getMessage(), fix);
        }
    }

    /** Each metrics file checked by promtool when it is installed; else named as not checked. */
    static List<Check> files(Path dir) {
        List<Check> checks = new ArrayList<>();
        Path promtool = List.of(Path.of("/usr/bin/promtool"), Path.of("/usr/local/bin/promtool")).stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "lsf_criu_*.prom")) {
            for (Path f : files) {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    checks.add(Check.fail(
                            "metrics file",
                            f + " is not a regular file: its user's metrics are not" + " written",
                            "remove it"));
                } else if (promtool == null) {
                    checks.add(Check.skip("metrics file", f + " not checked: promtool is not installed"));
                } else {
                    checks.add(promtool(promtool, f));
                }
            }
        } catch (IOException e) {
            checks.add(Check.fail("metrics file", dir + " cannot be listed: " + e.getMessage(), "make it readable"));
        }
        return checks;
    }

    private static Check promtool(Path promtool, Path f) {
        try {
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(f.toFile())
                    .redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Check.warn(
                        "metrics file", "promtool did not finish on " + f, "run promtool check metrics by hand");
            }
            return p.exitValue() == 0
                    ? Check.pass("metrics file", f + ": promtool check metrics passes")
                    : Check.fail(
                            "metrics file",
                            f + ": " + new String(out, java.nio.charset.StandardCharsets.UTF_8).strip(),
                            "remove the file (its user's next program writes it anew)");
        } catch (IOException e) {
            return Check.warn("metrics file", "promtool could not run: " + e.getMessage(), "run it by hand");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.warn("metrics file", "interrupted", "run it again");
        }
    }
}
