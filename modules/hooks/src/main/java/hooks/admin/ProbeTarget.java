package hooks.admin;

import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lsf-criu probe} looks at: the process group of a pid, or of an LSF job found by its id in
 * its processes' environments ({@code LSB_JOBID}; the oldest such process is the job's first, whose group
 * is the job's), with the job's environment as that process has it. Only processes this user may read are
 * seen: a user's own, or every one as root.
 *
 * @param pgid the process group assessed
 * @param described how the output names it ("process 123" or "job 45")
 * @param environment the environment of the process it was found by (empty when unreadable)
 */
record ProbeTarget(long pgid, String described, Map<String, String> environment) {
    /** The group of process {@code pid}, or why there is none. */
    static Result ofPid(ProcFs proc, ProcessTable table, long pid) {
        Optional<ProcStat> p = table.get(pid).filter(s -> !s.isZombie());
        if (p.isEmpty()) {
            return Result.error("no live process " + pid);
        }
        long uid = proc.uid();
        long owner = proc.status(pid)
                .flatMap(criu.invoke.proc.TaskCredentials::of)
                .map(criu.invoke.proc.TaskCredentials::realUid)
                .orElse(-1L);
        if (uid != 0 && owner != uid) {
            return Result.error("process " + pid + " is not yours (uid " + owner + "): a user may probe only their"
                    + " own processes");
        }
        return Result.of(new ProbeTarget(p.get().pgid(), "process " + pid, environ(proc, pid)));
    }

    /** The group of LSF job {@code jobId} on this host, or why there is none. */
    static Result ofJob(ProcFs proc, ProcessTable table, long jobId) {
        String id = Long.toString(jobId);
        Optional<ProcStat> first = Optional.empty();
        Map<String, String> env = Map.of();
        for (long pid : proc.pids()) {
            Optional<ProcStat> p = table.get(pid).filter(s -> !s.isZombie());
            if (p.isEmpty()) {
                continue;
            }
            Map<String, String> e = environ(proc, pid);
            if (id.equals(e.get("LSB_JOBID"))
                    && first.map(f -> Comparator.comparingLong(ProcStat::startTicks)
                                            .thenComparingLong(ProcStat::pid)
                                            .compare(p.get(), f)
                                    < 0)
                            .orElse(true)) {
                first = p;
                env = e;
            }
        }
        if (first.isEmpty()) {
            return Result.error("no process of job " + jobId + " on this host that you may read (LSB_JOBID=" + jobId
                    + " in its environment)");
        }
        return Result.of(new ProbeTarget(first.get().pgid(), "job " + jobId, env));
    }

    /** The environment of {@code pid} ({@code /proc/<pid>/environ}), empty when it cannot be read. */
    static Map<String, String> environ(ProcFs proc, long pid) {
        Map<String, String> env = new HashMap<>();
        proc.text(pid, "environ").ifPresent(t -> {
            for (String kv : t.split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        });
        return env;
    }

    /** A target, or the one-line reason there is none. */
    record Result(Optional<ProbeTarget> target, String error) {
        static Result of(ProbeTarget t) {
            return new Result(Optional.of(t), "");
        }

        static Result error(String why) {
            return new Result(Optional.empty(), why);
        }
    }
}
