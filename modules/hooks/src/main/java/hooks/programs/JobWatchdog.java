package hooks.programs;

import hooks.system.JobStart;
import hooks.system.Toolkit;
import hooks.system.WatchdogDeadline;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Arms the TERMINATE action's detached watchdog for a job: at a deadline counted from the action's
 * start, whatever is left of the job's processes (each recognised by pid and start time, so a
 * process that reuses a pid is not the job) is killed, unless something ended the job first.
 */
final class JobWatchdog {
    private final Toolkit toolkit;

    JobWatchdog(Toolkit toolkit) {
        this.toolkit = toolkit;
    }

    /**
     * Arms the watchdog for the job of {@code groups} and {@code pids}, {@code seconds} after the action
     * started ({@code entered}, epoch ms); {@code unless} says in the log what may end the job first.
     */
    void arm(Set<Long> groups, List<Long> pids, long seconds, long entered, JobLog log, String unless) {
        long deadline = WatchdogDeadline.of(
                toolkit.clock().millis(),
                JobStart.ageMillis(toolkit.proc(), ProcessHandle.current().pid()),
                entered,
                seconds);
        toolkit.watchdog().start(deadline, armedFor(groups, pids));
        log.info("watchdog started: the job dies " + seconds + " s after this action started ("
                + java.time.Instant.ofEpochMilli(deadline) + ") unless " + unless);
    }

    /** The job's processes as the watchdog must recognise them: pid and start time. */
    private List<String> armedFor(Set<Long> groups, List<Long> pids) {
        Set<Long> all = new TreeSet<>(groups);
        all.addAll(pids);
        return all.stream()
                .map(pid -> toolkit.proc().stat(pid))
                .flatMap(Optional::stream)
                .map(st -> st.pid() + ":" + st.startTicks())
                .toList();
    }
}
