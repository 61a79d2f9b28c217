package hooks.programs;

import criu.invoke.proc.ProcStat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the TERMINATE watchdog does at its deadline, decided from facts it cannot be fooled by: the
 * processes it was armed for, recognised by pid and start time (a reused pid, such as a restored
 * job's, is not the job), their process groups, and whether any process of those groups still
 * lives. Nothing the job's owner writes (the state file) enters it. Pure.
 *
 * @param kill kill {@code groups}; otherwise stand down
 * @param groups the process groups of the job as the watchdog recognises it
 */
record WatchdogVerdict(boolean kill, Set<Long> groups, String reason) {
    WatchdogVerdict {
        groups = java.util.Collections.unmodifiableSet(new TreeSet<>(groups));
    }

    /**
     * The job's groups: those of the armed processes ({@code pid:startTicks}) that are still the same
     * processes in {@code stats} (pid to what /proc says now), or, armed for nothing, LSF's groups.
     */
    static Set<Long> groups(List<String> armedFor, Map<Long, ProcStat> stats, Set<Long> lsfGroups) {
        if (armedFor.isEmpty()) {
            return new TreeSet<>(lsfGroups);
        }
        Set<Long> groups = new TreeSet<>();
        for (String a : armedFor) {
            long pid = Long.parseLong(a.substring(0, a.indexOf(':')));
            long start = Long.parseLong(a.substring(a.indexOf(':') + 1));
            ProcStat st = stats.get(pid);
            if (st != null && st.startTicks() == start) {
                groups.add(st.pgid());
            }
        }
        return groups;
    }

    /**
     * The verdict for the job's {@code groups}, of which some process is {@code alive} or none is;
     * {@code checkpointing} (the state says a checkpoint runs) only names the deadline in the reason.
     */
    static WatchdogVerdict of(Set<Long> groups, boolean alive, boolean checkpointing) {
        if (groups.isEmpty() || !alive) {
            return new WatchdogVerdict(
                    false, groups, "the job is gone (no process it was armed for is alive): standing down");
        }
        return new WatchdogVerdict(
                true,
                groups,
                (checkpointing ? "checkpoint timeout" : "run-limit warning's delay")
                        + " passed and the job is still alive");
    }
}
