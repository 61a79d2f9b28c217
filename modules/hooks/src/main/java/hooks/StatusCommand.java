package hooks;

import checkpoint.store.CheckpointState;
import checkpoint.store.StateCodec;
import checkpoint.store.StateFile;
import checkpoint.store.StateFileException;
import checkpoint.store.Summary;
import criu.invoke.Generations;
import criu.invoke.HostFingerprint;
import criu.invoke.ImageFiles;
import criu.invoke.Manifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** {@code lsf-criu status <checkpoint dir> [--json]}: a job's checkpoint state and history. */
final class StatusCommand implements Subcommand {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String help() {
        return "status <chkpnt dir> [--json]\n"
                + "                          a job's checkpoint state and the history of its runs";
    }

    @Override
    public ExitCode run(PrintWriter out, PrintWriter err, String... args) {
        JsonFlag a = JsonFlag.parse(name(), 1, args);
        Path dir = Path.of(a.operands().get(0));
        Optional<CheckpointState> state;
        try {
            state = new StateFile(dir).read();
        } catch (StateFileException e) {
            err.println("lsf-criu status: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (state.isEmpty()) {
            err.println("lsf-criu status: no checkpoint state in " + dir + " (no " + StateFile.NAME + ")");
            return ExitCode.FAILED;
        }
        CheckpointState s = state.get();
        if (a.json()) {
            out.print(StateCodec.write(s));
            return ExitCode.OK;
        }
        out.println("Checkpoint directory: " + dir);
        out.println("State file version:   " + s.version());
        out.println("Current job:          " + s.jobId() + " (first job " + s.firstJobId() + ")");
        out.println("Checkpoint:           " + s.phase().name().toLowerCase(Locale.ROOT) + " since "
                + Instant.ofEpochSecond(s.timestamp()));
        out.println("Overrun restarts:     " + s.overrunRestarts());
        out.println("Restart pending:      " + (s.shouldRestart() ? "yes" : "no"));
        s.lastError().ifPresent(e -> out.println("Last error:           " + e));
        generations(out, dir);
        out.println();
        out.print(Summary.text(s, ""));
        return ExitCode.OK;
    }

    /** Each complete generation, newest first, with what its restore depends on. */
    private static void generations(PrintWriter out, Path dir) {
        java.util.List<Path> complete;
        try {
            complete = new Generations(dir).complete();
        } catch (RuntimeException e) {
            out.println("Generations:          cannot list: " + e.getMessage());
            return;
        }
        out.println("Generations:          " + (complete.isEmpty() ? "none" : complete.size()));
        for (Path g : complete) {
            ImageFiles.Verified v = ImageFiles.verify(g);
            String line = v.problem().map(p -> "damaged: " + p).orElseGet(() -> {
                Manifest m = v.manifest().get();
                return Instant.ofEpochSecond(m.created()) + " on " + m.host() + ", " + (m.imageBytes() >> 20) + " MiB; "
                        + m.fingerprint().map(HostFingerprint::summary).orElse("no fingerprint recorded");
            });
            out.println("  " + g.getFileName() + "         " + line);
        }
    }
}
