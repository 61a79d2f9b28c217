package hooks.programs;

import checkpoint.store.EffectiveSettings;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.Ticker;
import hooks.system.Signaller;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * Kills a job the way LSF does: SIGINT, then SIGTERM, then SIGKILL to every process group of the
 * job, moving on to the next signal only while something of the job is still alive, waiting at
 * most the terminate interval after each. Never {@code bkill}: from inside the TERMINATE action
 * that deadlocks.
 */
public final class JobKiller {
    static final List<String> SIGNALS = List.of("INT", "TERM", "KILL");

    private final ProcFs proc;
    private final Signaller signaller;
    private final Ticker ticker;

    public JobKiller(ProcFs proc, Signaller signaller, Ticker ticker) {
        this.proc = proc;
        this.signaller = signaller;
        this.ticker = ticker;
    }

    /** The process groups of a job: the ones LSF named and the groups of the pids it named. */
    public Set<Long> groups(List<Long> pgids, List<Long> pids) {
        Set<Long> groups = new TreeSet<>(pgids);
        for (long pid : pids) {
            proc.stat(pid).filter(s -> !s.isZombie()).ifPresent(s -> groups.add(s.pgid()));
        }
        return groups;
    }

    /** True while a live (non-zombie) process is in one of {@code groups}. */
    public boolean alive(Set<Long> groups) {
        return proc.pids().stream()
                .map(proc::stat)
                .flatMap(java.util.Optional::stream)
                .anyMatch(s -> groups.contains(s.pgid()) && !s.isZombie());
    }

    /**
     * Kills every process of {@code groups}; {@code intervalSeconds} bounds the wait after each
     * signal and {@code pollTries} how often liveness is checked in it.
     *
     * @return the signal that ended the job, or {@code none} when nothing was alive
     */
    public String kill(Set<Long> groups, long intervalSeconds, long pollTries) {
        if (groups.isEmpty() || !alive(groups)) {
            return "none";
        }
        long pollMillis = Math.max(20, intervalSeconds * 1000 / Math.max(1, pollTries));
        for (String signal : SIGNALS) {
            groups.forEach(g -> signaller.signalGroup(g, signal));
            long deadline = ticker.millis() + intervalSeconds * 1000;
            long wait = 10;
            while (true) {
                if (!alive(groups)) {
                    return signal;
                }
                if (signal.equals("KILL") || ticker.millis() >= deadline) {
                    break;
                }
                ticker.sleep(Math.min(wait, Math.max(1, deadline - ticker.millis())));
                wait = Math.min(pollMillis, wait * 2);
            }
        }
        // after SIGKILL: give the kernel a moment to tear the processes down
        for (int i = 0; i < 100 && alive(groups); i++) {
            ticker.sleep(20);
        }
        return alive(groups) ? "KILL (processes still present)" : "KILL";
    }

    /**
     * Kills {@code groups} as {@link #kill} does, with the site's terminate interval and the job's
     * poll tries, and records in the job's log why, by which signal and how long it took.
     */
    public void killAndRecord(JobLog log, Set<Long> groups, SiteConfig config, JobEnvironment env, String why) {
        EffectiveSettings s = EffectiveSettings.resolve(env, config);
        long start = ticker.millis();
        String signal = kill(
                groups,
                config.number(ConfigKey.JOB_TERMINATE_INTERVAL),
                s.killPollTries().value());
        long ms = ticker.millis() - start;
        log.info("killed process groups " + groups + " (" + why + "): ended by " + signal + " after " + ms + " ms");
        log.event("job_killed", Map.of("groups", groups.toString(), "reason", why, "signal", signal, "millis", ms));
    }

    /**
     * SIGKILLs {@code groups} and waits, polling each of the {@code stopped} processes (the groups'
     * live processes just before the dump) every 2 ms for at most {@code timeoutMillis}, until none
     * is left (gone or a zombie). Made for a job that criu has just dumped and left stopped: its
     * processes cannot fork any more, so they are all there is to wait for, and nobody waits out a
     * poll interval. Each of them that is still the same process gets its SIGKILL first, from this
     * process, so that the kernel tears them down while the group kill's shell starts; that kill
     * still reaches whatever else is in the groups.
     *
     * @return the processes still alive when the time ran out (empty: all gone)
     */
    public List<ProcStat> killStopped(Set<Long> groups, List<ProcStat> stopped, long timeoutMillis) {
        List<ProcStat> left = stopped.stream().filter(this::stillAlive).toList();
        left.forEach(p -> signaller.killProcess(p.pid()));
        groups.forEach(g -> signaller.signalGroup(g, "KILL"));
        long deadline = ticker.millis() + timeoutMillis;
        while (true) {
            left = left.stream().filter(this::stillAlive).toList();
            if (left.isEmpty() || ticker.millis() >= deadline) {
                return left;
            }
            ticker.sleep(2);
        }
    }

    private boolean stillAlive(ProcStat before) {
        return EndingJob.sameAndAlive(proc, before);
    }
}
