package lsfcriu.it;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The chaos harness's figures, as the markdown of {@code tests/chaos/RESULTS.md}: trials per fault
 * kind (done, missed, how the jobs ended), invariant violations, and the longest a job lived past a
 * run limit against its deadline.
 */
final class ChaosReport {
    private final List<ChaosOutcome> outcomes;
    private final long base;
    private final int parallel;
    private final long seconds;

    ChaosReport(List<ChaosOutcome> outcomes, long base, int parallel, long seconds) {
        this.outcomes = outcomes;
        this.base = base;
        this.parallel = parallel;
        this.seconds = seconds;
    }

    /** What the trials are and what they are held to, in front of the figures. */
    static String preamble() {
        return "# Chaos harness results\n\n"
                + "Written by `tests/chaos/run-chaos` (ChaosIT's long mode; CI runs the same trials for a wall-clock"
                + " budget, `-Dchaos.seconds`, 100 s by default). Each trial runs one job through the LSF emulator with"
                + " the built image and the real criu, as root or as the ordinary user `lsfcriu`, in one of three"
                + " shapes: PLAIN (run limit 3 s, 1 restart, work it never finishes: killed when its restarts are"
                + " used up), RESTARTED (run limit 4 s, 2 restarts, finishes after one restart with exit 7),"
                + " PERIODIC (`bsub -k` period 2 s, no limit reached, exit 7). One fault is done to it at a moment"
                + " drawn after an event of the timeline (its anchor): SIGKILL of the TERMINATE action, echkpnt.criu,"
                + " POST_EXEC, erestart.criu, the watchdog, the restart command, its holder or criu; criu stopped"
                + " (SIGSTOP: hung); the checkpoint filesystem (a 24 MiB tmpfs of the trial's) filled or remounted"
                + " read-only; the state file or a manifest truncated; a host failure (rerun as new, or through the"
                + " restart path). A fault whose target was not there at its moment is a miss, counted.\n\n"
                + "Settings: CHECKPOINT_TIMEOUT_DEFAULT=" + ChaosTrial.CHECKPOINT_TIMEOUT + ", CRIU_DUMP_TIMEOUT="
                + ChaosTrial.DUMP_TIMEOUT + ", CRIU_RESTORE_TIMEOUT=" + ChaosTrial.RESTORE_TIMEOUT
                + ", JOB_TERMINATE_INTERVAL=" + ChaosTrial.TERMINATE_INTERVAL + ", KEEP_IMAGES_ON_END=Y.\n\n"
                + "Invariants, checked after every trial from a sampler that sees every process (pid and start time)"
                + " every 100 ms:\n"
                + "1. No process of the job (its process groups, or its script in the command line) alive at a run"
                + " limit lives past the deadline: the checkpoint timeout plus three terminate intervals plus "
                + ChaosInvariants.TOLERANCE_MILLIS + " ms tolerance (sampling, program start-up). When the fault"
                + " killed the TERMINATE action itself, the deadline also counts LSF's rerun of the action ("
                + ChaosTrial.ACTION_RERUN_SECONDS + " s here, + 2 s): before the action armed its watchdog no"
                + " program of the toolkit runs that could kill the job (OpenLava, which never reruns the action,"
                + " would leave it running: a limit of the design, not covered here).\n"
                + "2. The newest generation a `checkpoint_done` event committed is present and verifies against its"
                + " manifest (exempt: the generation whose manifest the harness truncated).\n"
                + "3. The chain ends with the job's own status (7), with a decision POST_EXEC recorded for its last"
                + " job, or with that job's kill recorded with its cause in its events (`job_killed`: a job lsf-criu"
                + " wrote no state for leaves POST_EXEC nothing to decide) (exempt: POST_EXEC killed by the harness,"
                + " or the checkpoint filesystem taken away, which leave no place to record it).\n"
                + "4. The state file parses (exempt: still as the harness truncated it, never rewritten).\n"
                + "5. No process of the trial is left once the deadline has passed after its end.\n\n";
    }

    String markdown() {
        StringBuilder b = new StringBuilder(preamble());
        long violations =
                outcomes.stream().mapToLong(o -> o.violations().size()).sum();
        b.append("## Chaos trials: ")
                .append(outcomes.size())
                .append(" trials, ")
                .append(violations)
                .append(" invariant violations\n\n");
        b.append("Base seed ")
                .append(Long.toUnsignedString(base, 16))
                .append(" (`-Dchaos.seed=")
                .append(Long.toUnsignedString(base, 16))
                .append("`), ")
                .append(parallel)
                .append(" trials at once, ")
                .append(seconds)
                .append(" s in all.\n\n");
        b.append("| fault | trials | done | missed | own status 7 | decision recorded | violations | exempt |"
                + " longest life after a limit (ms) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (ChaosFault f : ChaosFault.values()) {
            List<ChaosOutcome> of =
                    outcomes.stream().filter(o -> o.fault() == f).toList();
            if (of.isEmpty()) {
                continue;
            }
            b.append("| ").append(f).append(" | ").append(of.size());
            b.append(" | ")
                    .append(of.stream().filter(o -> o.injected().isPresent()).count());
            b.append(" | ")
                    .append(of.stream().filter(o -> o.injected().isEmpty()).count());
            b.append(" | ")
                    .append(of.stream()
                            .filter(o -> o.ending().startsWith("its own"))
                            .count());
            b.append(" | ")
                    .append(of.stream()
                            .filter(o -> !o.ending().startsWith("its own")
                                    && !o.ending().contains("no decision"))
                            .count());
            b.append(" | ")
                    .append(of.stream().mapToLong(o -> o.violations().size()).sum());
            b.append(" | ").append(of.stream().mapToLong(o -> o.exempt().size()).sum());
            b.append(" | ")
                    .append(of.stream()
                            .mapToLong(ChaosOutcome::lifeAfterLimitMillis)
                            .max()
                            .orElse(-1))
                    .append(" |\n");
        }
        long over = outcomes.stream()
                .filter(o -> o.lifeAfterLimitMillis() >= 0)
                .mapToLong(o -> o.lifeAfterLimitMillis() - o.deadlineMillis())
                .max()
                .orElse(Long.MIN_VALUE);
        b.append("\nThe longest a job outlived its deadline: ")
                .append(
                        over == Long.MIN_VALUE
                                ? "no job reached a run limit"
                                : over > 0 ? over + " ms" : "never (it ended at best " + -over + " ms inside it)")
                .append(".\n");
        if (violations > 0) {
            b.append("\n### Violations\n\n");
            b.append(outcomes.stream()
                    .filter(o -> !o.violations().isEmpty())
                    .map(o -> "- " + o.line())
                    .collect(Collectors.joining("\n")));
            b.append("\n");
        }
        List<String> exempt = outcomes.stream()
                .filter(o -> !o.exempt().isEmpty())
                .map(o -> "- " + o.line())
                .limit(40)
                .toList();
        if (!exempt.isEmpty()) {
            b.append("\n### Exempt (what the harness did itself)\n\n")
                    .append(String.join("\n", exempt))
                    .append("\n");
        }
        return b.toString();
    }
}
