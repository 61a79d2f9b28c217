package hooks.programs;

import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.Ticker;
import java.util.List;
import java.util.Optional;

/**
 * Whether a job whose run-limit dump failed is ending on its own. A dump fails when a process of
 * the tree ends under criu ("Unable to detach ... No such process"), and a job's last steps end
 * processes: killing it then would record LSF's SIGINT for a job that was about to exit with its own
 * status. So when a process of the dumped tree is gone, the job is given a grace (the terminate
 * interval, inside its deadline) to end; a dump root that ended is the job's own end, and nothing is
 * signalled for it.
 */
final class EndingJob {
    private final ProcFs proc;
    private final Ticker ticker;

    EndingJob(ProcFs proc, Ticker ticker) {
        this.proc = proc;
        this.ticker = ticker;
    }

    /** The first process of {@code treeBefore} (the dumped tree as read before the dump) that ended since. */
    Optional<ProcStat> vanished(List<ProcStat> treeBefore) {
        return treeBefore.stream().filter(p -> !sameAndAlive(p)).findFirst();
    }

    /** True when {@code root} (as read before the dump) is gone or a zombie: the job's own process ended. */
    boolean ended(ProcStat root) {
        return !sameAndAlive(root);
    }

    /**
     * Waits at most {@code graceMillis} for {@code root} to end, polling every 50 ms.
     *
     * @return true when it ended within the grace
     */
    boolean awaitEnd(ProcStat root, long graceMillis) {
        long deadline = ticker.millis() + graceMillis;
        while (!ended(root)) {
            if (ticker.millis() >= deadline) {
                return false;
            }
            ticker.sleep(50);
        }
        return true;
    }

    private boolean sameAndAlive(ProcStat before) {
        return sameAndAlive(proc, before);
    }

    /** The same process as {@code before} (same pid, same start) is there and no zombie. */
    static boolean sameAndAlive(ProcFs proc, ProcStat before) {
        return proc.stat(before.pid())
                .filter(s -> s.startTicks() == before.startTicks() && !s.isZombie())
                .isPresent();
    }
}
