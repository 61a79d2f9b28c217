package lsfcriu.it;

import com.fasterxml.jackson.jr.ob.JSON;
import criu.invoke.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lsf.emulator.Emulator;
import lsf.emulator.Timeline;
import lsf.env.CheckpointDir;

/**
 * The invariants a chaos trial is held to, checked once it ended: no process of the job alive later
 * than its deadline after a run limit; the newest generation committed good still present and
 * verifying; the job ended with its own status or a decision recorded; the state file parsing; no
 * process of the trial left. What the harness did itself (a manifest it truncated, a POST_EXEC it
 * killed before it could decide) is named as exempt, never silently skipped.
 */
final class ChaosInvariants {
    /** What the sampler (every 100 ms) and the programs' own start-up add to a deadline. */
    static final long TOLERANCE_MILLIS = 3000;

    private final ChaosTrial trial;
    private final String jobScript;
    private final Optional<Emulator.Result> result;
    private final String unfinished;
    private final List<String> violations = new ArrayList<>();
    private final List<String> exempt = new ArrayList<>();

    ChaosInvariants(ChaosTrial trial, String jobScript, Optional<Emulator.Result> result, String unfinished) {
        this.trial = trial;
        this.jobScript = jobScript;
        this.result = result;
        this.unfinished = unfinished;
    }

    /** The deadline after a run limit: the checkpoint timeout and LSF's three terminate intervals, plus the tolerance. */
    long deadlineMillis() {
        long d = (ChaosTrial.CHECKPOINT_TIMEOUT + 3 * ChaosTrial.TERMINATE_INTERVAL) * 1000 + TOLERANCE_MILLIS;
        if (trial.fault == ChaosFault.KILL_TERMINATE && trial.injected.isPresent()) {
            // no program of the toolkit's runs once its action died before arming the watchdog: LSF's rerun of it does
            d += (ChaosTrial.ACTION_RERUN_SECONDS + 2) * 1000;
        }
        return d;
    }

    ChaosOutcome check() throws Exception {
        if (!unfinished.isEmpty()) {
            violations.add("the job's chain did not end: " + unfinished);
        }
        leftovers();
        long life = deadline();
        Optional<Path> dir = finalDirectory();
        List<Map<String, Object>> events = dir.isPresent() ? events(dir.get()) : List.of();
        generation(dir, events);
        String ending = ending(events);
        state(dir);
        return new ChaosOutcome(
                trial.replay(),
                trial.fault,
                trial.shape,
                trial.user,
                trial.injected,
                trial.missed,
                ending,
                life,
                deadlineMillis(),
                List.copyOf(violations),
                List.copyOf(exempt));
    }

    /** Waits (up to the deadline) for the trial's processes to end; names those still alive then. */
    private void leftovers() throws InterruptedException {
        ProcessSampler sampler = ProcessSampler.shared();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis());
        List<ProcessSampler.Sighting> alive;
        do {
            sampler.catchUp();
            alive = sampler.of(trial.events.groupStarts(), trial.marker()).stream()
                    .filter(sampler::aliveNow)
                    .toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < until);
        violations.add("left " + (deadlineMillis() / 1000) + " s after the trial ended: " + alive);
    }

    /** The longest a process of the job lived after a run limit (-1: none reached); a violation past the deadline. */
    private long deadline() {
        java.util.Map<Long, Long> groups = trial.events.groupStarts();
        long longest = -1;
        long slack = TimeUnit.MILLISECONDS.toNanos(3 * ProcessSampler.PERIOD_MILLIS);
        for (long[] limit : trial.events.times("run limit")) {
            long t = limit[0];
            for (ProcessSampler.Sighting s : ProcessSampler.shared().of(groups, jobScript)) {
                if (s.firstNanos > t || s.lastNanos < t - slack) {
                    continue;
                }
                long lived = TimeUnit.NANOSECONDS.toMillis(s.lastNanos - t);
                longest = Math.max(longest, lived);
                if (lived > deadlineMillis()) {
                    violations.add("job " + limit[1] + "'s " + s + " lived " + lived
                            + " ms after its run limit (deadline " + deadlineMillis() + " ms)");
                }
            }
            longest = Math.max(longest, 0);
        }
        return longest;
    }

    /** The job's checkpoint directory at the end: the newest id's that exists (LSF renames it at each restart). */
    private Optional<Path> finalDirectory() throws IOException {
        try (var dirs = Files.list(trial.sim.chk)) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .filter(d -> Files.exists(d.resolve(CheckpointDir.EVENTS)))
                    .max(java.util.Comparator.comparingLong(
                            d -> Long.parseLong(d.getFileName().toString())));
        }
    }

    /** The job's events; a line that does not parse is named (a filesystem the harness filled may tear one). */
    private List<Map<String, Object>> events(Path dir) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(CheckpointDir.EVENTS))) {
            try {
                events.add(JSON.std.mapFrom(line));
            } catch (IOException e) {
                (trial.fault == ChaosFault.FILESYSTEM_FULL ? exempt : violations)
                        .add("an event line does not parse: " + line.replaceAll("^(.{0,80}).*", "$1"));
            }
        }
        return events;
    }

    /** The newest generation a checkpoint_done event committed is present and verifies. */
    private void generation(Optional<Path> dir, List<Map<String, Object>> events) {
        Optional<String> newest = events.stream()
                .filter(e -> "checkpoint_done".equals(e.get("event")))
                .map(e -> String.valueOf(e.get("generation")))
                .reduce((a, b) -> b);
        if (newest.isEmpty()) {
            return;
        }
        Path gen = dir.get().resolve(CheckpointDir.GENERATIONS).resolve(newest.get());
        if (trial.fault == ChaosFault.TRUNCATE_MANIFEST
                && trial.injected.orElse("").contains("/" + newest.get() + "/")) {
            exempt.add("generation " + newest.get() + " is the one whose manifest the harness truncated");
            return;
        }
        Optional<String> problem = ImageFiles.verify(gen).problem();
        problem.ifPresent(p -> violations.add("the newest good generation " + newest.get() + " is lost: " + p));
    }

    /**
     * How the chain ended: its own status, the decision POST_EXEC recorded for its last job, or that job's kill
     * recorded with its cause.
     */
    private String ending(List<Map<String, Object>> events) {
        List<Timeline.Event> exits = trial.events.all().stream()
                .filter(e -> e.what().equals("job exit"))
                .toList();
        if (exits.isEmpty()) {
            return "no job exit";
        }
        Timeline.Event last = exits.get(exits.size() - 1);
        if (last.detail().equals("exited 7")) {
            return "its own status 7";
        }
        Optional<Map<String, Object>> decision =
                ofJob(events, "post_exec_decision", last.jobId()).reduce((a, b) -> b);
        if (decision.isPresent()) {
            return last.detail() + ", " + decision.get().get("action") + ": "
                    + decision.get().get("reason");
        }
        // no decision, as for a job lsf-criu wrote no state for (POST_EXEC has nothing to decide), but its kill
        // recorded with its cause: what the TERMINATE launcher does when its Java side died under it
        Optional<Map<String, Object>> killed = ofJob(events, "job_killed", last.jobId())
                .filter(e -> !String.valueOf(e.getOrDefault("reason", "")).isBlank())
                .reduce((a, b) -> b);
        if (killed.isPresent()) {
            return last.detail() + ", recorded killed: " + killed.get().get("reason");
        }
        String why = "job " + last.jobId() + " " + last.detail() + " and POST_EXEC recorded no decision";
        if (trial.fault == ChaosFault.KILL_POST_EXEC && trial.injected.isPresent()) {
            exempt.add(why + ": the harness killed POST_EXEC");
        } else if (trial.fault.smallFilesystem() && trial.injected.isPresent()) {
            exempt.add(why + ": the harness took the checkpoint filesystem away");
        } else {
            violations.add(why);
        }
        return last.detail() + ", no decision recorded";
    }

    /** The events named {@code type} of job {@code jobId}, in their order. */
    private static java.util.stream.Stream<Map<String, Object>> ofJob(
            List<Map<String, Object>> events, String type, long jobId) {
        return events.stream()
                .filter(e -> type.equals(e.get("event")))
                .filter(e -> String.valueOf(e.get("job")).equals("job " + jobId));
    }

    /** The state file parses, unless it is still as the harness truncated it. */
    private void state(Optional<Path> dir) throws IOException {
        if (dir.isEmpty() || !Files.exists(dir.get().resolve(CheckpointDir.STATE))) {
            return;
        }
        Path state = dir.get().resolve(CheckpointDir.STATE);
        try {
            JSON.std.mapFrom(Files.readString(state));
        } catch (IOException e) {
            boolean untouched = trial.fault == ChaosFault.TRUNCATE_STATE
                    && trial.injected.isPresent()
                    && Files.getLastModifiedTime(state).toMillis() <= trial.injectedMillis + 50;
            (untouched ? exempt : violations)
                    .add("the state file does not parse" + (untouched ? " (as the harness truncated it)" : "") + ": "
                            + e.getMessage().replaceAll("\\s+", " ").replaceAll("^(.{0,100}).*", "$1"));
        }
    }
}
