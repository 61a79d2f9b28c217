package hooks.admin;

import checkpoint.store.CheckpointState;
import checkpoint.store.StateCodec;
import checkpoint.store.StateFile;
import checkpoint.store.StateFileException;
import checkpoint.store.Summary;
import criu.invoke.image.Generations;
import criu.invoke.image.ImageFiles;
import criu.invoke.image.Manifest;
import criu.invoke.proc.HostFingerprint;
import hooks.cli.ExitCode;
import hooks.cli.JsonFlag;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** {@code lsf-criu status <checkpoint dir> [--json]}: a job's checkpoint state and history. */
public final class StatusCommand implements Subcommand {
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
    public int run(PrintWriter out, PrintWriter err, String... args) {
        JsonFlag a = JsonFlag.parse(name(), 1, args);
        Path requested = Path.of(a.operands().get(0));
        Path dir = requested;
        Optional<CheckpointState> state;
        try {
            state = new StateFile(dir).read();
            if (state.isEmpty()) {
                // <dir>/<an earlier job id>: LSF renamed it to the newest id and removed the old id's link
                Optional<Path> current = currentDirectory(requested);
                if (current.isPresent()) {
                    dir = current.get();
                    state = new StateFile(dir).read();
                    err.println("lsf-criu status: " + requested + " is job " + requested.getFileName() + "'s old name;"
                            + " the job's checkpoint directory is now " + dir);
                }
            }
        } catch (StateFileException e) {
            err.println("lsf-criu status: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
        if (state.isEmpty() && !new Generations(dir).complete().isEmpty() && !a.json()) {
            // checkpoints LSF took on its own (a period, bchkpnt, bmig) and no run limit reached yet
            out.println("Checkpoint directory: " + dir);
            out.println(
                    "Run-limit state:      none (no run limit reached; the checkpoints below were asked for by LSF)");
            generations(out, dir);
            return ExitCode.OK.code();
        }
        if (state.isEmpty()) {
            err.println("lsf-criu status: no checkpoint state in " + dir + " (no " + StateFile.NAME + ")");
            return ExitCode.FAILED.code();
        }
        CheckpointState s = state.get();
        if (a.json()) {
            out.print(StateCodec.write(s));
            return ExitCode.OK.code();
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
        return ExitCode.OK.code();
    }

    /** {@code <dir>/<an earlier job id>}: the chain's directory now, found by its state. */
    static Optional<Path> currentDirectory(Path requested) {
        return checkpoint.store.ChainDirectory.sibling(requested);
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
