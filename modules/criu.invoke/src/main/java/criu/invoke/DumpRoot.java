package criu.invoke;

import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the process to dump from the process group LSF names. The rule, for the layouts LSF
 * produces:
 * <ol>
 *   <li>The job's restored root, as criu recorded it at the restore ({@code lsf-criu-restart} keeps it as the
 *       child of a holder process in the job's group), when it is a live process of the group.</li>
 *   <li>The <em>roots</em> of the group are its live processes whose parent is outside the group.</li>
 *   <li>A root that is not the group leader is a tree restored by lsf-criu (criu re-parents it
 *       outside the job): when there is exactly one, it is the dump root.</li>
 *   <li>Otherwise descend from the leader ({@code res} on IBM LSF and volclava, the job-file shell
 *       on OpenLava): its only child in the group is the dump root. Dumping below the leader keeps
 *       every session and group leader outside the image, so the restored tree joins the restarted
 *       job's process group instead of keeping its old one.</li>
 * </ol>
 * Anything else (several candidate trees, an empty group) is refused with the reason: a checkpoint
 * that could not be restored into the job is worse than none.
 */
final class DumpRoot {
    private DumpRoot() {}

    /** The choice: the root to dump and why, or the reason there is none. */
    public record Choice(Optional<ProcStat> root, String reason) {
        static Choice of(ProcStat root, String reason) {
            return new Choice(Optional.of(root), reason);
        }

        static Choice none(String reason) {
            return new Choice(Optional.empty(), reason);
        }
    }

    /** Chooses the dump root of process group {@code pgid} in {@code table}. Pure. */
    public static Choice choose(ProcessTable table, long pgid) {
        return choose(table, pgid, Optional.empty());
    }

    /**
     * Chooses the dump root of process group {@code pgid}, where {@code restoredRoot} is the pid the
     * last restore of this job recorded (its pidfile). Pure.
     */
    public static Choice choose(ProcessTable table, long pgid, Optional<Long> restoredRoot) {
        List<ProcStat> group = table.group(pgid);
        if (group.isEmpty()) {
            return Choice.none("process group " + pgid + " has no live process");
        }
        Optional<ProcStat> restored =
                restoredRoot.flatMap(table::get).filter(p -> p.pgid() == pgid && p.pid() != pgid && !p.isZombie());
        if (restored.isPresent()) {
            return Choice.of(
                    restored.get(),
                    "pid " + restored.get().pid() + " (" + restored.get().comm()
                            + ") is the job's restored root, as its last restore recorded it");
        }
        List<ProcStat> roots = group.stream()
                .filter(p ->
                        table.get(p.ppid()).map(parent -> parent.pgid() != pgid).orElse(true))
                .toList();
        List<ProcStat> outside = roots.stream().filter(p -> p.pid() != pgid).toList();
        if (outside.size() == 1) {
            return Choice.of(
                    outside.get(0),
                    "pid " + outside.get(0).pid() + " (" + outside.get(0).comm() + ") is the only tree of group " + pgid
                            + " whose parent is outside the job: a restored tree");
        }
        if (outside.size() > 1) {
            return Choice.none("process group " + pgid + " has " + outside.size() + " trees whose parents are outside"
                    + " the job (" + describe(outside) + "): criu dumps one tree");
        }
        Optional<ProcStat> leader = table.get(pgid).filter(p -> !p.isZombie());
        if (leader.isEmpty()) {
            return Choice.none("process group " + pgid + " has no leader and no root");
        }
        List<ProcStat> children =
                table.children(pgid).stream().filter(c -> c.pgid() == pgid).toList();
        if (children.size() == 1) {
            return Choice.of(
                    children.get(0),
                    "pid " + children.get(0).pid() + " (" + children.get(0).comm()
                            + ") is the only child of group leader " + pgid + " ("
                            + leader.get().comm() + ")");
        }
        if (children.isEmpty()) {
            return Choice.none("group leader " + pgid + " (" + leader.get().comm() + ") has no child to dump:"
                    + " dumping the leader itself would restore it outside the restarted job's process group");
        }
        return Choice.none("group leader " + pgid + " (" + leader.get().comm() + ") has " + children.size()
                + " children (" + describe(children) + "): criu dumps one tree");
    }

    private static String describe(List<ProcStat> ps) {
        return ps.stream().map(p -> p.pid() + " " + p.comm()).collect(Collectors.joining(", "));
    }
}
