package criu.invoke;

import criu.invoke.proc.JobFacts;
import criu.invoke.proc.JobFactsReader;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import criu.invoke.process.ChildRunner;
import java.util.List;
import java.util.Optional;

/**
 * The checkpointability of the job in one process group, now: the tree a dump would take (the dump
 * root {@link Dumper} would choose and its descendants), its facts read once, and
 * {@link Checkpointability}'s verdict on them. The TERMINATE action, echkpnt and {@code lsf-criu probe}
 * all ask it, so that they agree.
 */
public final class CheckpointabilityCheck {
    private final ProcFs proc;
    private final ChildRunner children;

    public CheckpointabilityCheck(ProcFs proc, ChildRunner children) {
        this.proc = proc;
        this.children = children;
    }

    /**
     * What was assessed and the verdict.
     *
     * @param root the dump root, empty when there is none (the verdict then says why)
     * @param facts the tree's facts, empty without a root
     */
    public record Assessment(Optional<ProcStat> root, Optional<JobFacts> facts, Checkpointability.Verdict verdict) {}

    /**
     * Assesses process group {@code pgid} in {@code table}; {@code restoredRoot} is the root the job's last
     * restore recorded, {@code tcpEstablished} whether criu is told to dump established TCP connections.
     */
    public Assessment assess(ProcessTable table, long pgid, Optional<Long> restoredRoot, boolean tcpEstablished) {
        DumpRoot.Choice choice = DumpRoot.choose(table, pgid, restoredRoot);
        if (choice.root().isEmpty()) {
            return new Assessment(
                    Optional.empty(),
                    Optional.empty(),
                    new Checkpointability.Verdict(
                            Optional.of(Checkpointability.Blocker.NO_DUMP_ROOT), choice.reason(), List.of()));
        }
        List<ProcStat> tree = table.tree(choice.root().get().pid());
        JobFacts facts = new JobFactsReader(proc, children).read(tree);
        return new Assessment(choice.root(), Optional.of(facts), Checkpointability.decide(facts, tcpEstablished));
    }

    /** True when both the dump and the restore options of the site hold {@code --tcp-established}. */
    public static boolean tcpEstablished(List<String> dumpOptions, List<String> restoreOptions) {
        return dumpOptions.contains("--tcp-established") && restoreOptions.contains("--tcp-established");
    }
}
