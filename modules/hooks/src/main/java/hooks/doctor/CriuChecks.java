package hooks.doctor;

import criu.invoke.CriuCommand;
import criu.invoke.proc.CriuVersion;
import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the {@code doctor} command checks about criu: found, version, {@code criu check}, the
 * dirty-memory tracking feature, the binary's file capabilities and whether the running user can
 * use it. The verdicts are pure functions of criu's outputs; {@link #run} gathers those outputs.
 */
public final class CriuChecks {
    /** criu(8)'s minimum for {@code --unprivileged} dump and restore (Linux 5.9 and later). */
    public static final Set<String> NEEDED = Set.of("cap_checkpoint_restore");
    /** Also needed where the capability bounding set lacks CAP_SYS_RESOURCE ("Unable to drop capability 24"). */
    public static final Set<String> NEEDED_WITHOUT_SYS_RESOURCE = Set.of("cap_setpcap");
    /** Capabilities that make a criu every user may run a way to root: code loaded into it attaches to any process. */
    public static final Set<String> ROOT_EQUIVALENT = Set.of("cap_sys_admin", "cap_sys_ptrace");

    static final int CAP_SYS_RESOURCE = 24;

    /** Who may execute the criu binary besides root: everyone, the members of one group, or nobody. */
    public record Access(boolean everyone, String group) {
        /** From the file's mode bits and group name. */
        public static Access of(int mode, String group) {
            return new Access((mode & 0001) != 0, (mode & 0010) != 0 && !group.equals("root") ? group : "");
        }

        String who() {
            return everyone ? "every user" : group.isEmpty() ? "" : "the members of group " + group;
        }
    }

    private CriuChecks() {}

    /** Runs every check of {@code criu} for a user who is root or not, with {@code exec} running commands. */
    public static List<Check> run(
            Path criu, boolean root, long capBoundingSet, Function<List<String>, CriuResult> exec) {
        List<Check> checks = new ArrayList<>();
        if (!Files.isRegularFile(criu) || !Files.isExecutable(criu)) {
            checks.add(Check.fail(
                    "criu binary",
                    criu + " is missing or not executable",
                    "install criu 4.x (jlink/scripts/provision-criu) and set CRIU_BINARY"));
            return checks;
        }
        checks.add(Check.pass("criu binary", criu.toString()));
        checks.add(version(exec.apply(CriuCommand.version(criu))));
        checks.add(criuCheck(exec.apply(CriuCommand.check(criu, !root))));
        checks.add(dirtyTracking(exec.apply(CriuCommand.feature(criu, "mem_dirty_track", !root))));
        Path real = criu;
        try {
            real = criu.toRealPath();
        } catch (java.io.IOException e) {
            // keep the configured path
        }
        String getcap = java.util.stream.Stream.of("/usr/sbin/getcap", "/sbin/getcap", "/usr/bin/getcap")
                .filter(g -> Files.isExecutable(Path.of(g)))
                .findFirst()
                .orElse("getcap");
        Access access = new Access(true, "");
        try {
            access = Access.of(
                    (Integer) Files.getAttribute(real, "unix:mode"),
                    Files.readAttributes(real, java.nio.file.attribute.PosixFileAttributes.class)
                            .group()
                            .getName());
        } catch (java.io.IOException | RuntimeException e) {
            // assume the worst: every user may run it
        }
        checks.add(capabilities(real, exec.apply(List.of(getcap, real.toString())), root, capBoundingSet, access));
        checks.add(configFiles(exec.apply(List.of(criu.toString(), "--help"))));
        return checks;
    }

    /** The version verdict from {@code criu --version}. */
    public static Check version(CriuResult r) {
        try {
            CriuVersion v = CriuVersion.parse(r.stdout() + "\n" + r.stderr());
            if (v.compareTo(CriuVersion.CURRENT_KERNELS) < 0) {
                return Check.warn(
                        "criu version",
                        v.toString(),
                        "criu " + v + " predates 3.18: on kernels with a"
                                + " [vvar_vclock] mapping (6.x and later) every command fails with 'Unexpected rt vDSO area"
                                + " bounds'; install 4.x");
            }
            return Check.pass("criu version", v.toString());
        } catch (IllegalArgumentException e) {
            return Check.fail("criu version", r.describe(), "the binary does not behave like criu");
        }
    }

    /** The verdict from {@code criu check}. */
    public static Check criuCheck(CriuResult r) {
        if (r.succeeded() && (r.stdout() + r.stderr()).contains("Looks good.")) {
            return Check.pass("criu check", "Looks good.");
        }
        String tail = (r.stdout() + "\n" + r.stderr())
                .strip()
                .lines()
                .filter(l -> l.contains("Error") || l.contains("rt vDSO"))
                .findFirst()
                .orElse(r.describe());
        return Check.fail(
                "criu check",
                tail,
                "this criu cannot checkpoint on this kernel: see its message; a 3.17 criu"
                        + " needs replacing with 4.x");
    }

    /** The verdict on dirty-memory tracking (pre-dump and incremental dumps). */
    public static Check dirtyTracking(CriuResult r) {
        String out = r.stdout() + r.stderr();
        if (out.contains("Dirty tracking is OFF") || !r.succeeded()) {
            return Check.warn(
                    "dirty memory tracking",
                    "off (soft-dirty bits not available)",
                    "pre-dump and incremental dumps cannot work; lsf-criu makes full dumps (fine, only slower for large jobs)");
        }
        return Check.pass("dirty memory tracking", "available");
    }

    /**
     * The verdict on the binary's file capabilities under the least-privilege model: what an ordinary
     * user needs ({@link #NEEDED}, plus {@code cap_setpcap} where the bounding set lacks
     * CAP_SYS_RESOURCE), and never a root-equivalent capability on a binary ordinary users may run.
     */
    public static Check capabilities(Path criu, CriuResult getcap, boolean root, long capBoundingSet, Access access) {
        if (getcap.exitStatus() == 127) {
            return Check.warn("file capabilities", "getcap not found", "install libcap2-bin to check them");
        }
        Set<String> has = fileCapabilities(getcap.stdout());
        Set<String> needed = new TreeSet<>(NEEDED);
        boolean noSysResource = (capBoundingSet & (1L << CAP_SYS_RESOURCE)) == 0;
        if (noSysResource) {
            needed.addAll(NEEDED_WITHOUT_SYS_RESOURCE);
        }
        String found = has.isEmpty() ? "none" : String.join(",", has) + "=ep";
        String setcap = "setcap " + String.join(",", needed) + "=ep " + criu;
        Set<String> dangerous = new TreeSet<>(ROOT_EQUIVALENT);
        dangerous.retainAll(has);
        if (!dangerous.isEmpty() && !access.who().isEmpty()) {
            String what = String.join(",", dangerous) + " on a criu that " + access.who() + " may run: any of them can"
                    + " load code into it (--lib, a config file) that attaches to root's processes, or restore an"
                    + " edited image holding capabilities, and so become root";
            String advice = setcap + " (only " + String.join(",", needed) + " is needed here)";
            return access.everyone()
                    ? Check.fail("file capabilities", found + ": " + what, advice)
                    : Check.warn("file capabilities", found + ": " + what, advice);
        }
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(has);
        if (!missing.isEmpty()) {
            String advice = setcap
                    + (noSysResource
                            ? " (this host's capability bounding set lacks CAP_SYS_RESOURCE,"
                                    + " so cap_setpcap is needed too, else restore fails with 'Unable to drop capability 24')"
                            : "");
            return root
                    ? Check.warn("file capabilities", found + "; jobs of ordinary users cannot be checkpointed", advice)
                    : Check.fail("file capabilities", found + "; this user cannot checkpoint", advice);
        }
        Set<String> extra = new TreeSet<>(has);
        extra.removeAll(needed);
        if (!extra.isEmpty()) {
            return Check.warn(
                    "file capabilities",
                    found + "; " + String.join(",", extra) + " not needed on this host",
                    setcap + " (least privilege)");
        }
        return Check.pass(
                "file capabilities",
                found + ": cap_checkpoint_restore is criu's minimum for --unprivileged"
                        + (noSysResource
                                ? "; cap_setpcap because this host's bounding set lacks CAP_SYS_RESOURCE"
                                : ""));
    }

    /** The capabilities in getcap's output when they are both permitted and effective. */
    static Set<String> fileCapabilities(String getcapOutput) {
        Set<String> has = new TreeSet<>();
        String out = getcapOutput.strip();
        int space = out.lastIndexOf(' ');
        if (!out.isEmpty() && space > 0) {
            String caps = out.substring(space + 1);
            int eq = caps.indexOf('=');
            if (eq > 0
                    && caps.substring(eq + 1).contains("e")
                    && caps.substring(eq + 1).contains("p")) {
                has.addAll(List.of(caps.substring(0, eq).split(",")));
            }
        }
        return has;
    }

    /** The verdict on criu's {@code --no-default-config} (no configuration file, hence no plugin, of the caller's). */
    public static Check configFiles(CriuResult help) {
        if ((help.stdout() + help.stderr()).contains("--no-default-config")) {
            return Check.pass(
                    "criu configuration files",
                    "ignored: lsf-criu runs criu with --no-default-config and"
                            + " a fixed environment (no CRIU_CONFIG_FILE)");
        }
        return Check.warn(
                "criu configuration files",
                "this criu does not list --no-default-config",
                "install criu >= 3.12: lsf-criu passes --no-default-config to every criu command");
    }

    /** The running process's capability bounding set, from {@code /proc/self/status}. */
    public static long capabilityBoundingSet(String procSelfStatus) {
        Optional<String> line =
                procSelfStatus.lines().filter(l -> l.startsWith("CapBnd:")).findFirst();
        return line.map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16)).orElse(-1L);
    }

    /** Runs commands for the checks with a timeout each. */
    public static Function<List<String>, CriuResult> exec(Duration timeout) {
        return argv -> ChildProcess.run(argv, null, timeout, Optional.empty());
    }
}
