package lsfcriu.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import lsf.env.CheckpointDir;

/**
 * The faults of the chaos harness, each done to one trial's own processes and files only (found by
 * the trial's work directory in their command lines, or by the job's process groups), at a moment
 * the trial's seed picks: a random delay after an event of the emulator's timeline (its anchor).
 */
enum ChaosFault {
    KILL_TERMINATE("hooks.programs.TerminateAction|lsf-criu-terminate", "action start", 600),
    KILL_ECHKPNT("hooks.programs.EchkpntCriu", "checkpoint start", 2500),
    KILL_POST_EXEC("lsf-criu-post-exec|hooks.programs.PostExec", "post-exec start", 300),
    KILL_ERESTART("hooks.programs.ErestartCriu|erestart.criu", "restart dispatch", 400),
    KILL_WATCHDOG("lsf-criu-watchdog|--watchdog", "action start", 3000),
    KILL_RESTART_COMMAND("bin/lsf-criu-restart", "restart dispatch", 3000),
    KILL_HOLDER("/bin/sleep 2147483647", "restarted job start", 3000),
    KILL_CRIU("criu", "checkpoint start|restart dispatch", 1200),
    HANG_CRIU("criu", "checkpoint start|restart dispatch", 1200),
    FILESYSTEM_FULL("", "job start", 8000),
    FILESYSTEM_READ_ONLY("", "job start", 8000),
    TRUNCATE_STATE("", "checkpoint start", 4000),
    TRUNCATE_MANIFEST("", "checkpoint start", 5000),
    HOST_FAILURE("", "job start|checkpoint start|restarted job start", 6000);

    /** How long a fault that kills a process looks for its target after its moment came. */
    static final long TARGET_POLL_MILLIS = 5000;

    /** What names the target process in its command line (alternatives split by |; criu: its program; empty: no process). */
    final String marker;
    /** The timeline events after which the fault's moment is drawn (one of them, at random). */
    final String anchors;
    /** The longest delay after the anchor. */
    final long windowMillis;

    ChaosFault(String marker, String anchors, long windowMillis) {
        this.marker = marker;
        this.anchors = anchors;
        this.windowMillis = windowMillis;
    }

    /** The fault needs the checkpoint directory on a small filesystem of its own (root only). */
    boolean smallFilesystem() {
        return this == FILESYSTEM_FULL || this == FILESYSTEM_READ_ONLY;
    }

    /** Whether the fault may find nothing to act on at its moment, and is tried again a while. */
    boolean retries() {
        return !marker.isEmpty() || this == FILESYSTEM_READ_ONLY;
    }

    /** Whether the fault can happen to a job of this shape (a periodic job never reaches its limit nor restarts). */
    boolean appliesTo(ChaosShape shape) {
        if (shape != ChaosShape.PERIODIC) {
            return true;
        }
        return switch (this) {
            case KILL_TERMINATE, KILL_ERESTART, KILL_WATCHDOG, KILL_RESTART_COMMAND, KILL_HOLDER -> false;
            default -> true;
        };
    }

    /** The trial's processes whose command line holds the marker and the trial's directory, or is in one of its groups. */
    List<Long> targets(Path work, Set<Long> groups) {
        List<Long> found = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String line = RacesIT.cmdline(p.pid());
            long[] stat = ProcessSampler.stat(p.pid());
            boolean ours = line.contains(work.toString()) || (stat != null && groups.contains(stat[0]));
            if (stat != null && ours && isTarget(line)) {
                found.add(p.pid());
            }
        }
        return found;
    }

    /** Whether a process of the trial with this command line is this fault's target. */
    boolean isTarget(String line) {
        boolean watchdog = line.contains("lsf-criu-watchdog") || line.contains("--watchdog");
        if (line.contains("lsf-criu-dump-guard") || watchdog != (this == KILL_WATCHDOG)) {
            return false;
        }
        if (this == KILL_CRIU || this == HANG_CRIU) {
            String program = line.split(" ", 2)[0];
            return program.endsWith("/criu") || program.equals("criu");
        }
        for (String m : marker.split("\\|")) {
            if (line.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Does the fault once to a trial; returns what was done, or empty when its target was not there (a miss).
     *
     * @param chk the trial's checkpoint parent directory
     */
    Optional<String> inject(Path work, Path chk, Set<Long> groups, Runnable failHost, Random random) throws Exception {
        switch (this) {
            case FILESYSTEM_FULL:
                Path filler = chk.resolve("chaos-filler");
                ChaosTrial.sh("dd if=/dev/zero of=" + filler + " bs=1M 2>/dev/null; sync; true");
                return Optional.of("filled " + chk);
            case FILESYSTEM_READ_ONLY:
                try {
                    ChaosTrial.sh("mount -o remount,ro " + chk);
                } catch (IOException e) {
                    return Optional.empty(); // a file open for writing ("busy"): tried again a moment later
                }
                return Optional.of("remounted " + chk + " read-only");
            case TRUNCATE_STATE:
                return truncateFirst(chk, CheckpointDir.STATE, random);
            case TRUNCATE_MANIFEST:
                return truncateFirst(chk, "manifest.json", random);
            case HOST_FAILURE:
                failHost.run();
                return Optional.of("host failure");
            default:
                List<Long> pids = targets(work, groups);
                if (pids.isEmpty()) {
                    return Optional.empty();
                }
                if (this == KILL_RESTART_COMMAND) {
                    // the command itself, not one of its subshells (the holder before its exec, the watcher)
                    pids.removeIf(p -> pids.contains(parent(p)));
                }
                long pid = pids.get(random.nextInt(pids.size()));
                String what = RacesIT.cmdline(pid).replaceAll("^(.{0,120}).*", "$1");
                String signal = this == HANG_CRIU ? "STOP" : "KILL";
                ChaosTrial.sh("kill -s " + signal + " " + pid + " 2>/dev/null; true");
                return Optional.of("SIG" + signal + " to " + pid + " (" + what + ")");
        }
    }

    private static long parent(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid)
                .orElse(-1L);
    }

    /** Truncates the newest file named {@code name} below {@code chk} to a random length below its own. */
    private static Optional<String> truncateFirst(Path chk, String name, Random random) throws IOException {
        try (var files = Files.walk(chk)) {
            Optional<Path> f = files.filter(p -> p.getFileName().toString().equals(name))
                    .filter(Files::isRegularFile)
                    .max(java.util.Comparator.comparing(ChaosFault::modified));
            if (f.isEmpty()) {
                return Optional.empty();
            }
            long size = Files.size(f.get());
            long keep = size == 0 ? 0 : random.nextInt((int) Math.min(size, Integer.MAX_VALUE));
            try (FileChannel ch = FileChannel.open(f.get(), StandardOpenOption.WRITE)) {
                ch.truncate(keep);
            }
            return Optional.of("truncated " + f.get() + " from " + size + " to " + keep + " bytes");
        } catch (java.io.UncheckedIOException | IOException e) {
            return Optional.empty(); // a directory renamed under the walk: a miss
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
