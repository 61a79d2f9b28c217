package criu.invoke;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds criu's command lines. Pure: no process is started here. */
public final class CriuCommand {
    /** Log file names criu writes into the image directory. */
    public static final String DUMP_LOG = "dump.log";

    public static final String RESTORE_LOG = "restore.log";
    /**
     * On every command: criu reads no {@code /etc/criu/default.conf} or {@code $HOME/.criu/default.conf}
     * (whose {@code lib} lines would load code into a criu holding capabilities). The environment's
     * {@code CRIU_CONFIG_FILE} is still read by criu: {@link ChildProcess} never passes one.
     */
    public static final String NO_CONFIG = "--no-default-config";

    private CriuCommand() {}

    /** What to do with the job after a successful dump. */
    public enum AfterDump {
        /**
         * Periodic or requested checkpoint: the job keeps running. criu still leaves the tree stopped
         * ({@code --leave-stopped}) so that its open files are recorded as the image saw them; the
         * caller then continues it (SIGCONT).
         */
        KEEP_RUNNING,
        /**
         * Checkpoint and kill: criu leaves the tree stopped ({@code --leave-stopped}) and the caller
         * kills the job's process group with SIGKILL, so that LSF records "exited by signal 9"
         * rather than a clean exit.
         */
        LEAVE_STOPPED
    }

    /**
     * {@code criu dump} of the tree rooted at {@code rootPid} into {@code imageDir}.
     *
     * @param unprivileged add {@code --unprivileged} (always when not running as root)
     * @param extra the administrator's extra options (never the job's)
     */
    public static List<String> dump(
            Path criu, long rootPid, Path imageDir, AfterDump after, boolean unprivileged, List<String> extra) {
        List<String> argv = new ArrayList<>(List.of(
                criu.toString(),
                "dump",
                "-t",
                Long.toString(rootPid),
                "-D",
                imageDir.toString(),
                "--shell-job",
                "-o",
                DUMP_LOG,
                "-v4",
                "--display-stats",
                NO_CONFIG));
        argv.add("--leave-stopped");
        if (unprivileged) {
            argv.add("--unprivileged");
        }
        argv.addAll(extra);
        return List.copyOf(argv);
    }

    /** How a restore is run. */
    public enum RestoreMode {
        /** criu waits for the restored tree (it exits 0 whatever the job did). */
        FOREGROUND,
        /** criu exits once the tree is restored; the tree is re-parented to the nearest subreaper. */
        DETACHED,
        /** Detached, and the restored root becomes a child of criu's parent ({@code --restore-sibling}). */
        SIBLING
    }

    /**
     * {@code criu restore} of {@code imageDir}.
     *
     * @param pidFile where criu writes the restored root's pid (detached and sibling modes)
     * @param cgroupRoot the restarted job's cgroup, to place the restored tree in it
     */
    public static List<String> restore(
            Path criu,
            Path imageDir,
            RestoreMode mode,
            Optional<Path> pidFile,
            boolean unprivileged,
            Optional<String> cgroupRoot,
            List<String> extra) {
        List<String> argv = new ArrayList<>(List.of(
                criu.toString(),
                "restore",
                "-D",
                imageDir.toString(),
                "--shell-job",
                "-o",
                RESTORE_LOG,
                "-v4",
                "--display-stats",
                NO_CONFIG));
        if (mode != RestoreMode.FOREGROUND) {
            argv.add("-d");
        }
        if (mode == RestoreMode.SIBLING) {
            argv.add("--restore-sibling");
        }
        pidFile.ifPresent(p -> argv.addAll(List.of("--pidfile", p.toString())));
        if (unprivileged) {
            argv.add("--unprivileged");
        }
        cgroupRoot.ifPresent(c -> argv.addAll(List.of("--manage-cgroups=soft", "--cgroup-root", c)));
        argv.addAll(extra);
        return List.copyOf(argv);
    }

    /** {@code criu check} (with {@code --unprivileged} for an ordinary user). */
    public static List<String> check(Path criu, boolean unprivileged) {
        return unprivileged
                ? List.of(criu.toString(), "check", NO_CONFIG, "--unprivileged")
                : List.of(criu.toString(), "check", NO_CONFIG);
    }

    /** {@code criu check --feature <name>}. */
    public static List<String> feature(Path criu, String feature, boolean unprivileged) {
        List<String> argv = new ArrayList<>(List.of(criu.toString(), "check", NO_CONFIG, "--feature", feature));
        if (unprivileged) {
            argv.add("--unprivileged");
        }
        return List.copyOf(argv);
    }

    /** {@code criu --version}. */
    public static List<String> version(Path criu) {
        return List.of(criu.toString(), "--version");
    }
}
