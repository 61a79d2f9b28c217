package criu.invoke;

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
    /** Capabilities {@code --unprivileged} dump and restore need. */
    public static final Set<String> NEEDED = Set.of("cap_sys_ptrace", "cap_sys_admin");
    /** Also needed where the capability bounding set lacks CAP_SYS_RESOURCE. */
    public static final Set<String> NEEDED_WITHOUT_SYS_RESOURCE = Set.of("cap_setpcap", "cap_checkpoint_restore");
    static final int CAP_SYS_RESOURCE = 24;

    private CriuChecks() {}

    /** Runs every check of {@code criu} for a user who is root or not, with {@code exec} running commands. */
    public static List<Check> run(Path criu, boolean root, long capBoundingSet, Function<List<String>, CriuResult> exec) {
        List<Check> checks = new ArrayList<>();
        if (!Files.isRegularFile(criu) || !Files.isExecutable(criu)) {
            checks.add(Check.fail("criu binary", criu + " is missing or not executable",
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
                .filter(g -> Files.isExecutable(Path.of(g))).findFirst().orElse("getcap");
        checks.add(capabilities(real, exec.apply(List.of(getcap, real.toString())), root, capBoundingSet));
        return checks;
    }

    /** The version verdict from {@code criu --version}. */
    public static Check version(CriuResult r) {
        try {
            CriuVersion v = CriuVersion.parse(r.stdout() + "\n" + r.stderr());
            if (v.compareTo(CriuVersion.CURRENT_KERNELS) < 0) {
                return Check.warn("criu version", v.toString(), "criu " + v + " predates 3.18: on kernels with a"
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
        String tail = (r.stdout() + "\n" + r.stderr()).strip().lines().filter(l -> l.contains("Error") || l.contains("rt vDSO"))
                .findFirst().orElse(r.describe());
        return Check.fail("criu check", tail, "this criu cannot checkpoint on this kernel: see its message; a 3.17 criu"
                + " needs replacing with 4.x");
    }

    /** The verdict on dirty-memory tracking (pre-dump and incremental dumps). */
    public static Check dirtyTracking(CriuResult r) {
        String out = r.stdout() + r.stderr();
        if (out.contains("Dirty tracking is OFF") || !r.succeeded()) {
            return Check.warn("dirty memory tracking", "off (soft-dirty bits not available)",
                    "pre-dump and incremental dumps cannot work; lsf-criu makes full dumps (fine, only slower for large jobs)");
        }
        return Check.pass("dirty memory tracking", "available");
    }

    /** The verdict on the binary's file capabilities for an ordinary user. */
    public static Check capabilities(Path criu, CriuResult getcap, boolean root, long capBoundingSet) {
        if (getcap.exitStatus() == 127) {
            return Check.warn("file capabilities", "getcap not found", "install libcap2-bin to check them");
        }
        Set<String> has = new TreeSet<>();
        String out = getcap.stdout().strip();
        int space = out.lastIndexOf(' ');
        if (!out.isEmpty() && space > 0) {
            String caps = out.substring(space + 1);
            int eq = caps.indexOf('=');
            if (eq > 0 && caps.substring(eq + 1).contains("e") && caps.substring(eq + 1).contains("p")) {
                has.addAll(List.of(caps.substring(0, eq).split(",")));
            }
        }
        Set<String> needed = new TreeSet<>(NEEDED);
        boolean noSysResource = (capBoundingSet & (1L << CAP_SYS_RESOURCE)) == 0;
        if (noSysResource) {
            needed.addAll(NEEDED_WITHOUT_SYS_RESOURCE);
        }
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(has);
        String found = has.isEmpty() ? "none" : String.join(",", has) + "=ep";
        if (missing.isEmpty()) {
            return Check.pass("file capabilities", found);
        }
        String advice = "setcap " + String.join(",", needed) + "=ep " + criu
                + (noSysResource ? " (the capability bounding set lacks CAP_SYS_RESOURCE, so cap_setpcap and"
                        + " cap_checkpoint_restore are needed too, else restore fails with 'Unable to drop capability 24')"
                        : "");
        return root ? Check.warn("file capabilities", found + "; jobs of ordinary users cannot be checkpointed", advice)
                : Check.fail("file capabilities", found + "; this user cannot checkpoint", advice);
    }

    /** The running process's capability bounding set, from {@code /proc/self/status}. */
    public static long capabilityBoundingSet(String procSelfStatus) {
        Optional<String> line = procSelfStatus.lines().filter(l -> l.startsWith("CapBnd:")).findFirst();
        return line.map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16)).orElse(-1L);
    }

    /** Runs commands for the checks with a timeout each. */
    public static Function<List<String>, CriuResult> exec(Duration timeout) {
        return argv -> ChildProcess.run(argv, null, timeout, Optional.empty());
    }
}
