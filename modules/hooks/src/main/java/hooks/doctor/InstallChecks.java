package hooks.doctor;

import hooks.system.LsfCommandRunner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lsf.env.LsfCommandLine;
import lsf.env.config.ConfigException;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/** The image's files, its configuration and the LSF commands it needs. */
public final class InstallChecks {
    private InstallChecks() {}

    /** The configuration loads: every key known, values in range, defaults within maxima. */
    static Check configuration(Path file) {
        try {
            SiteConfig c = SiteConfig.load(file);
            long set = java.util.Arrays.stream(ConfigKey.values())
                    .filter(c::isExplicit)
                    .count();
            return Check.pass("configuration", file + ": " + set + " keys set, all known and in range");
        } catch (ConfigException e) {
            return Check.fail(
                    "configuration", e.getMessage(), "fix " + file + " (lsf-criu config shows what is in force)");
        }
    }

    /**
     * The programs start from the image's start-up archive ({@code lib/server/classes.jsa}): the JVM
     * says "sharing" in {@code java.vm.info} when it mapped it. The launchers silence the JVM's own
     * word on an archive it cannot use (it would land in LSF's output), so this check is where an
     * administrator learns that every program starts about twice as slowly.
     */
    static Check startupArchive(String vmInfo, Path image) {
        if (vmInfo != null && vmInfo.contains("sharing")) {
            return Check.pass("start-up archive", "in use (" + vmInfo + ")");
        }
        return Check.warn(
                "start-up archive",
                "not in use (" + vmInfo + "): every program starts about twice as slowly",
                "see why with " + image.resolve("bin/java")
                        + " -Xshare:on -Xlog:cds -m hooks/hooks.admin.AdminCommand --version"
                        + " (another CPU than the build's, or a changed lib/modules or lib/server/classes.jsa:"
                        + " reinstall the release)");
    }

    /** Configuration and programs must not be writable by ordinary users: they run in every job. */
    static Check notWritableByUsers(Path image) {
        List<String> problems = new ArrayList<>();
        List<Path> paths = new ArrayList<>(List.of(
                image,
                image.resolve("bin"),
                image.resolve("conf"),
                image.resolve("conf/lsf-criu.conf"),
                image.resolve("conf/tinylog.properties"),
                image.resolve("lib"),
                image.resolve("lib/modules"),
                image.resolve("lib/server/classes.jsa")));
        try (DirectoryStream<Path> bin = Files.newDirectoryStream(image.resolve("bin"))) {
            bin.forEach(paths::add);
        } catch (IOException e) {
            problems.add("cannot list " + image.resolve("bin") + ": " + e.getMessage());
        }
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue; // e.g. the Java runtime's files of a simulation image, which are the real image's
            }
            try {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    continue;
                }
                Set<PosixFilePermission> perms = a.permissions();
                if (perms.contains(PosixFilePermission.OTHERS_WRITE)
                        || perms.contains(PosixFilePermission.GROUP_WRITE)) {
                    problems.add(p + " is writable by group or others");
                } else if (!a.owner().getName().equals("root")) {
                    problems.add(p + " is owned by " + a.owner().getName());
                }
            } catch (IOException e) {
                problems.add("cannot inspect " + p + ": " + e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            return Check.pass("image permissions", image + ": owned by root, not writable by others");
        }
        boolean writable = problems.stream().anyMatch(s -> s.contains("writable"));
        String found = problems.size() + " problem(s), e.g. " + problems.get(0);
        String advice = "chown -R root: " + image + " && chmod -R go-w " + image
                + " (the programs run in every job: whoever can change them runs code as every user)";
        return writable
                ? Check.fail("image permissions", found, advice)
                : Check.warn("image permissions", found, advice);
    }

    /** LSF_BINDIR (or LSF_PROFILE) resolves bchkpnt and brestart, without relying on PATH. */
    static Check lsfCommands(SiteConfig config) {
        java.time.Duration timeout = java.time.Duration.ofSeconds(config.number(ConfigKey.LSF_COMMAND_TIMEOUT));
        java.util.Optional<Path> bin = LsfCommandLine.binDir(
                config.text(ConfigKey.LSF_BINDIR), config.text(ConfigKey.LSF_PROFILE), new LsfCommandRunner(), timeout);
        if (bin.isEmpty()) {
            return Check.fail(
                    "LSF commands",
                    "neither LSF_BINDIR nor LSF_PROFILE names LSF's bin directory",
                    "set LSF_BINDIR in " + config.source()
                            + ": POST_EXEC runs with PATH=/bin:/usr/bin:/sbin:/usr/sbin");
        }
        List<String> missing = new ArrayList<>();
        for (String c : List.of("bchkpnt", "brestart")) {
            if (!Files.isExecutable(bin.get().resolve(c))) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            return Check.fail(
                    "LSF commands",
                    bin.get() + " lacks " + String.join(", ", missing),
                    "point LSF_BINDIR at the directory of LSF's commands");
        }
        return Check.pass("LSF commands", bin.get() + " has bchkpnt and brestart");
    }
}
