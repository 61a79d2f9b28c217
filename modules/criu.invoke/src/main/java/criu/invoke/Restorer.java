package criu.invoke;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Prepares the restore of a job's current generation: the manifest is verified first (a truncated
 * or missing image file is refused), then the image's task ids must be free. A dumped and killed
 * task may linger as a zombie for a while (PID 1 reaps slowly), so the check waits, bounded,
 * before it fails with a message naming the pid that is still held.
 */
public final class Restorer {
    static final long POLL_MILLIS = 200;

    private final ProcFs proc;
    private final Ticker ticker;

    public Restorer(ProcFs proc, Ticker ticker) {
        this.proc = proc;
        this.ticker = ticker;
    }

    /** A generation ready to restore, or the reason it cannot be. */
    public record Plan(Optional<Path> generation, Optional<Manifest> manifest, Optional<String> problem) {
        static Plan problem(String why) {
            return new Plan(Optional.empty(), Optional.empty(), Optional.of(why));
        }

        public boolean ready() {
            return problem.isEmpty();
        }
    }

    public Plan prepare(Path checkpointDir, Duration pidWait) {
        Generations generations = new Generations(checkpointDir);
        Optional<Path> current;
        try {
            current = generations.current();
        } catch (RuntimeException e) {
            return Plan.problem(e.getMessage());
        }
        if (current.isEmpty()) {
            return Plan.problem("no checkpoint to restore: " + generations.base().resolve(Generations.CURRENT)
                    + " does not name a complete generation");
        }
        ImageFiles.Verified verified = ImageFiles.verify(current.get());
        if (verified.problem().isPresent()) {
            return Plan.problem(verified.problem().get());
        }
        Manifest manifest = verified.manifest().get();
        Optional<String> held = waitForFreeIds(manifest.pids(), pidWait);
        if (held.isPresent()) {
            return Plan.problem(held.get());
        }
        return new Plan(current, Optional.of(manifest), Optional.empty());
    }

    /** Waits until none of {@code ids} is in use, at most {@code wait}; the problem if one still is. */
    public Optional<String> waitForFreeIds(List<Long> ids, Duration wait) {
        long deadline = ticker.millis() + wait.toMillis();
        java.util.Set<Long> own = proc.ownTasks();
        while (true) {
            Optional<ProcStat> holder = ids.stream().filter(id -> !own.contains(id)).map(proc::stat)
                    .flatMap(Optional::stream).findFirst();
            if (holder.isEmpty()) {
                return Optional.empty();
            }
            if (ticker.millis() >= deadline) {
                ProcStat h = holder.get();
                return Optional.of("pid " + h.pid() + " that the checkpoint needs is still in use by '" + h.comm() + "'"
                        + (h.isZombie() ? " (a zombie not yet reaped by its parent " + h.ppid() + ")" : "") + " after "
                        + wait.toSeconds() + " s");
            }
            ticker.sleep(POLL_MILLIS);
        }
    }
}
