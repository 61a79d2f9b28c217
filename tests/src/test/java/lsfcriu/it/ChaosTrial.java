package lsfcriu.it;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import lsf.emulator.Emulator;
import lsf.emulator.Timeline;

/**
 * One trial of the chaos harness: a job of a random shape run through the emulator with the built
 * image and the real criu, one fault done to it at a random moment, then the invariants checked
 * ({@link ChaosInvariants}) and everything of the trial's that is left killed. Everything random
 * comes from the trial's seed, which is printed, so that a failure can be replayed.
 */
final class ChaosTrial {
    /** The settings the trials run with: every bound short, so that a trial takes seconds. */
    static final long CHECKPOINT_TIMEOUT = 15;

    static final long DUMP_TIMEOUT = 10;
    static final long RESTORE_TIMEOUT = 10;
    static final long TERMINATE_INTERVAL = 1;
    /** How long after the action last ran the emulator (as IBM LSF may) runs it again for a job still alive. */
    static final long ACTION_RERUN_SECONDS = 5;

    final long seed;
    final ChaosFault fault;
    final ChaosShape shape;
    final Optional<String> user;
    final Path work;
    final Sim sim;
    final TrialEvents events = new TrialEvents();
    volatile Optional<String> injected = Optional.empty();
    volatile long injectedNanos;
    volatile long injectedMillis;
    volatile String missed = "";

    ChaosTrial(long seed, ChaosFault fault, boolean asUser) throws IOException {
        this.seed = seed;
        this.fault = fault;
        Random random = new Random(seed);
        List<ChaosShape> shapes = java.util.Arrays.stream(ChaosShape.values())
                .filter(fault::appliesTo)
                .toList();
        this.shape = shapes.get(random.nextInt(shapes.size()));
        this.user = asUser && random.nextBoolean() ? Optional.of(Sim.USER) : Optional.empty();
        this.work = Files.createTempDirectory("lsf-criu-chaos-");
        this.sim = new Sim(work);
    }

    /** Runs the trial to its end and returns what the invariants found; {@code out} gets its timeline. */
    ChaosOutcome run(PrintStream out) throws Exception {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        sim.config.put("CHECKPOINT_TIMEOUT_DEFAULT", Long.toString(CHECKPOINT_TIMEOUT));
        sim.config.put("CRIU_DUMP_TIMEOUT", Long.toString(DUMP_TIMEOUT));
        sim.config.put("CRIU_RESTORE_TIMEOUT", Long.toString(RESTORE_TIMEOUT));
        sim.config.put("JOB_TERMINATE_INTERVAL", Long.toString(TERMINATE_INTERVAL));
        // the newest good generation must still be there at the end, whatever the job's chain did
        sim.config.put("KEEP_IMAGES_ON_END", "Y");
        // a POST_EXEC whose shell the harness killed goes on as an orphan until its brestart, which the emulator
        // no longer answers once it saw POST_EXEC end, times out: bounded here well inside the leftover wait
        sim.config.put("LSF_COMMAND_TIMEOUT", "10");
        sim.rerunSeconds = ACTION_RERUN_SECONDS;
        sim.user = user;
        sim.checkpointPeriod = shape.period;
        sim.env.put("ORUN_RESTART_LIMIT", Integer.toString(shape.restartLimit));
        String tag = "chaos " + Long.toUnsignedString(seed, 16) + " " + fault + " " + shape;
        sim.listener = e -> {
            events.add(e);
            out.println(tag + " | " + e.line());
        };
        boolean mounted = false;
        if (fault.smallFilesystem()) {
            sh("mount -t tmpfs -o size=24m,mode=755 lsf-criu-chaos " + sim.chk);
            mounted = true;
        }
        Thread injector = new Thread(() -> inject(random), "chaos-fault-" + Long.toUnsignedString(seed, 16));
        injector.setDaemon(true);
        injector.start();
        Optional<Emulator.Result> result = Optional.empty();
        String unfinished = "";
        String[] job = sim.writer(sim.out.resolveSibling("job.data"), shape.steps, 7);
        try {
            result = Optional.of(sim.run(shape.runLimit, Duration.ofSeconds(150), job));
        } catch (IllegalStateException e) {
            unfinished = e.getMessage();
        } catch (RuntimeException | java.io.IOException e) {
            // the emulator's own failure is this trial's violation, never the end of the whole run and its report
            unfinished = "the emulator failed: " + e;
        } finally {
            events.done();
            injector.join(10_000);
        }
        ChaosOutcome outcome;
        try {
            outcome = new ChaosInvariants(this, job[0], result, unfinished).check();
        } finally {
            killLeftovers();
            if (mounted) {
                sh("umount -l " + sim.chk + " 2>/dev/null; true");
            }
        }
        out.println(tag + " | " + outcome.line());
        if (outcome.violations().isEmpty()) {
            sh("rm -rf " + work);
        } else {
            out.println(tag + " | kept " + work + " for its violations");
        }
        return outcome;
    }

    /** Waits for the fault's moment, then does it (a process fault looks for its target a while). */
    private void inject(Random random) {
        String[] anchors = fault.anchors.split("\\|");
        String anchor = anchors[random.nextInt(anchors.length)];
        // the second of an event only a job checkpointed twice has (a plain job's second limit, a periodic job's dumps)
        boolean recurs = anchor.equals("checkpoint start") || anchor.equals("action start");
        int nth = recurs && random.nextInt(3) == 0 ? 2 : 1;
        long delay = (long) (random.nextDouble() * fault.windowMillis);
        try {
            if (!events.await(anchor, nth)) {
                missed = "the " + nth + ". '" + anchor + "' never came";
                return;
            }
            Thread.sleep(delay);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ChaosFault.TARGET_POLL_MILLIS);
            do {
                Emulator.RerunMode mode =
                        random.nextBoolean() ? Emulator.RerunMode.AS_NEW : Emulator.RerunMode.THROUGH_RESTART;
                Optional<String> done =
                        fault.inject(work, sim.chk, events.groups(), () -> sim.emulator.failHost(mode), random);
                if (done.isPresent()) {
                    injectedNanos = System.nanoTime();
                    injectedMillis = System.currentTimeMillis();
                    injected = Optional.of(done.get() + " " + delay + " ms after the " + nth + ". '" + anchor + "'");
                    return;
                }
                Thread.sleep(30);
            } while (fault.retries() && System.nanoTime() < until && !events.isDone());
            missed = "no target " + delay + " ms after the " + nth + ". '" + anchor + "'";
        } catch (Exception e) {
            missed = "the fault failed: " + e;
        }
    }

    /** Kills (SIGKILL) whatever of the trial is still alive: its job groups and its directory's processes. */
    private void killLeftovers() throws Exception {
        Set<Long> pids = new TreeSet<>();
        for (ProcessSampler.Sighting s : ProcessSampler.shared().of(events.groupStarts(), marker())) {
            long[] stat = ProcessSampler.stat(s.pid);
            if (stat != null && stat[1] == s.start) {
                pids.add(s.pid);
            }
        }
        if (!pids.isEmpty()) {
            sh("kill -s KILL "
                    + pids.stream()
                            .map(String::valueOf)
                            .reduce((a, b) -> a + " " + b)
                            .get() + " 2>/dev/null; true");
        }
    }

    /** What the trial's own processes have in their command lines: its directory. */
    String marker() {
        return work + "/";
    }

    /** The replay of this trial alone. */
    String replay() {
        return "-Dchaos.replay=" + Long.toUnsignedString(seed, 16) + ":" + fault;
    }

    /** Runs a shell command as this JVM's user, bounded at 30 s, its output drained. */
    static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectErrorStream(true)
                .start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command + " exited " + p.exitValue() + ": " + text.strip());
        }
        return text;
    }

    /** The trial's timeline as it happens, with when each event came (nanoTime), for the fault and the checks. */
    static final class TrialEvents {
        private final List<Timeline.Event> events = new ArrayList<>();
        private final List<Long> nanos = new ArrayList<>();
        private boolean done;

        synchronized void add(Timeline.Event e) {
            events.add(e);
            nanos.add(System.nanoTime());
            notifyAll();
        }

        synchronized void done() {
            done = true;
            notifyAll();
        }

        synchronized boolean isDone() {
            return done;
        }

        /** Waits for the nth event named {@code what}; false when the trial ended first. */
        synchronized boolean await(String what, int nth) throws InterruptedException {
            while (true) {
                if (events.stream().filter(e -> e.what().equals(what)).count() >= nth) {
                    return true;
                }
                if (done) {
                    return false;
                }
                wait(1000);
            }
        }

        /** The process groups the job ran in so far. */
        synchronized Set<Long> groups() {
            return new TreeSet<>(groupStarts().keySet());
        }

        /** The process groups the job ran in so far, with when it started in each (nanoTime). */
        synchronized java.util.Map<Long, Long> groupStarts() {
            java.util.Map<Long, Long> groups = new java.util.TreeMap<>();
            for (int i = 0; i < events.size(); i++) {
                Timeline.Event e = events.get(i);
                if (e.what().equals("job start") || e.what().equals("restarted job start")) {
                    groups.put(Long.parseLong(e.detail().replaceAll("^pgid (\\d+).*", "$1")), nanos.get(i));
                }
            }
            return groups;
        }

        /** When each event named {@code what} came (nanoTime), with its job id. */
        synchronized List<long[]> times(String what) {
            List<long[]> t = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).what().equals(what)) {
                    t.add(new long[] {nanos.get(i), events.get(i).jobId()});
                }
            }
            return t;
        }

        synchronized List<Timeline.Event> all() {
            return List.copyOf(events);
        }
    }
}
