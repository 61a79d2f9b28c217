package lsfcriu.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lsf.emulator.Emulator;
import lsf.emulator.JobSpec;
import lsf.emulator.SimulationImage;
import lsf.emulator.Timeline;
import lsf.env.CheckpointDir;

/** One end-to-end simulation: the built image, the emulator, the real criu unless a fake is named. */
final class Sim {
    static final String USER = "lsfcriu";

    final Path work;
    final Path image;
    final Path lsf;
    final Path chk;
    final Path out;
    // every criu call bounded at 20 s: a criu that hangs fails the test in seconds, not the CI run
    final Map<String, String> config = new HashMap<>(Map.of(
            "JOB_TERMINATE_INTERVAL",
            "2",
            "CRIU_DUMP_TIMEOUT",
            "20",
            "CRIU_RESTORE_TIMEOUT",
            "20",
            // LSF's run-limit warning as configured (USR2), with a delay the tests can wait out
            "RUNLIMIT_WARNING_DELAY",
            "3",
            // the tests' periodic checkpoints come every 2 s
            "PERIODIC_CHECKPOINT_MIN_INTERVAL",
            "1"));
    final Map<String, String> env = new HashMap<>(Map.of(
            "PATH",
            "/usr/bin:/bin",
            "HOME",
            "/tmp",
            "STEP",
            "0.2",
            "ENABLE_ORUN_CHKPNT",
            "Y",
            "ENABLE_ORUN_RESTART",
            "Y"));
    Emulator.ActionMode mode = Emulator.ActionMode.IBM;
    long rerunSeconds = 10;
    Optional<String> user = Optional.empty();
    boolean postExecAsRoot;
    long jobIndex;
    boolean interactive;
    Consumer<Timeline.Event> listener = e -> System.out.println(e.line());
    /** {@code bsub -k "<dir> <period> method=criu"}: LSF checkpoints the job every period (seconds, 0: never). */
    long checkpointPeriod;
    /** How long the emulated cluster stays up after the last job's POST_EXEC (for a user's brestart). */
    Duration linger = Duration.ZERO;
    /** The emulator of the run under way (for a test that fails its host meanwhile). */
    volatile Emulator emulator;
    /** The queue's JOB_STARTER, given the simulation image: lsf-criu's by default, "" for none. */
    java.util.function.Function<Path, String> jobStarter =
            img -> img.resolve("bin/lsf-criu-job-starter").toString();

    Sim(Path tmp) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.work = tmp;
        this.lsf = tmp.resolve("lsf");
        this.image = tmp.resolve("image");
        this.chk = Files.createDirectories(tmp.resolve("chk"));
        Files.createDirectories(tmp.resolve("output"));
        this.out = tmp.resolve("output/job.out");
    }

    /** What a test does to a running simulation, as a user or the cluster would. */
    interface Action {
        void run(Timeline.Event event) throws Exception;
    }

    /**
     * A listener that prints every event and, {@code millis} after the {@code nth} event named
     * {@code what}, runs {@code action} on a thread of its own (the emulator goes on meanwhile).
     */
    static Consumer<Timeline.Event> after(String what, int nth, long millis, Action action) {
        Consumer<Timeline.Event> print = e -> System.out.println(e.line());
        return print.andThen(quietlyAfter(what, nth, millis, action));
    }

    /** As {@link #after}, printing nothing: to chain after another listener. */
    static Consumer<Timeline.Event> quietlyAfter(String what, int nth, long millis, Action action) {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        return e -> {
            if (e.what().equals(what) && seen.incrementAndGet() == nth) {
                new Thread(() -> {
                            try {
                                Thread.sleep(millis);
                                action.run(e);
                            } catch (Exception ex) {
                                throw new IllegalStateException(ex);
                            }
                        })
                        .start();
            }
        };
    }

    /** A fake criu for fault injection: {@code body} is its shell script. */
    Path fakeCriu(String body) throws IOException {
        Path p = work.resolve("fake-criu");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        config.put("CRIU_BINARY", p.toString());
        return p;
    }

    Emulator.Result run(long runLimit, Duration timeout, String... command) throws Exception {
        Path lsfBin = Emulator.install(lsf);
        SimulationImage.create(RuntimeImageIT.IMAGE, image, lsfBin, config);
        Files.createFile(out);
        if (user.isPresent()) {
            for (Path p : List.of(chk, out, out.getParent())) {
                Files.setOwner(
                        p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user.get()));
            }
        }
        emulator = new Emulator(
                new Emulator.Settings(image, lsf, mode, rerunSeconds, user, jobStarter.apply(image), postExecAsRoot),
                new Timeline(listener));
        emulator.linger(linger);
        JobSpec spec = new JobSpec(
                JobSpecs.line(command),
                env,
                Optional.of(chk),
                Optional.of(out),
                work,
                runLimit,
                jobIndex,
                interactive,
                checkpointPeriod);
        return emulator.run(spec, timeout);
    }

    /**
     * The counter example's command line: {@code steps} steps (0.2 s each), then exit {@code exit}. A
     * job that should be checkpointed at each of n run limits of L seconds and then finish needs work
     * well inside (n L, (n + 1) L): a run loses to the checkpoint only the fraction of a second between
     * its limit and the dump, so work of exactly (n + 1) L races the last run's limit (e.g. 50 steps,
     * 10 s, for two restarts at 4 s; 30 steps, 6 s, for one).
     */
    String[] counter(int steps, int exit) {
        env.put("EXIT", Integer.toString(exit));
        return new String[] {RuntimeImageIT.IMAGE.resolve("examples/counter.sh").toString(), Integer.toString(steps)};
    }

    /**
     * A job that counts to {@code steps} like the counter example, and also writes each step to
     * {@code data} through a descriptor opened with {@code >} (no O_APPEND); exits {@code exit}.
     */
    String[] writer(Path data, int steps, int exit) throws IOException {
        Path script = work.resolve("writer.sh");
        Files.writeString(
                script,
                "#!/bin/sh\nstarted=$(date +%s)\nexec 3> \"$DATA\"\ni=0\n"
                        + "while [ \"$i\" -lt \"$1\" ]; do\n  i=$((i + 1))\n"
                        + "  echo \"step $i of $1 (pid $$, first started at $started)\"\n  echo \"data $i\" >&3\n"
                        + "  sleep \"${STEP:-0.5}\"\ndone\necho \"finished all $1 steps (pid $$, first started at $started)\"\n"
                        + "exit \"${EXIT:-7}\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("DATA", data.toString());
        env.put("EXIT", Integer.toString(exit));
        return new String[] {script.toString(), Integer.toString(steps)};
    }

    /** The step numbers the job printed, checked to come from one process that started once. */
    List<Integer> steps() throws IOException {
        List<Integer> steps = new ArrayList<>();
        Pattern p = Pattern.compile("step (\\d+) of \\d+ \\(pid (\\d+), first started at (\\d+)\\)");
        String identity = null;
        for (String line : Files.readAllLines(out)) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                steps.add(Integer.parseInt(m.group(1)));
                String id = m.group(2) + "/" + m.group(3);
                if (identity != null && !identity.equals(id)) {
                    throw new AssertionError("the job started again (pid/start " + identity + " then " + id + ")");
                }
                identity = id;
            }
        }
        return steps;
    }

    /** Asserts the job's output is 1..n exactly: resumed each time, no step lost or repeated. */
    void assertContinuous(int n) throws IOException {
        List<Integer> steps = steps();
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            expected.add(i);
        }
        if (!steps.equals(expected)) {
            throw new AssertionError("output not continuous 1.." + n + ": " + steps);
        }
    }

    /** Sends {@code signal} to every process of job {@code jobId}'s restored tree, as LSF signals the job's own processes. */
    void signalRestoredTree(long jobId, String signal) throws Exception {
        long root = Long.parseLong(Files.readString(chk.resolve(jobId + "/" + CheckpointDir.RESTORED_PID))
                .strip());
        List<String> pids = new ArrayList<>(List.of(Long.toString(root)));
        ProcessHandle.of(root).ifPresent(h -> h.descendants().forEach(d -> pids.add(Long.toString(d.pid()))));
        Process p = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " " + String.join(" ", pids))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kill -s " + signal + " " + pids + " failed: " + output);
        }
    }

    Path summary(long firstJob) {
        return out.resolveSibling(CheckpointDir.summaryName(firstJob, "txt"));
    }

    String log(long jobId) throws IOException {
        Path dir = chk.resolve(Long.toString(jobId));
        return Files.exists(dir.resolve(CheckpointDir.LOG)) ? Files.readString(dir.resolve(CheckpointDir.LOG)) : "";
    }

    /** Every event of job {@code jobId}'s event file, each line parsed as a JSON object. */
    List<Map<String, Object>> events(long jobId) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : Files.readAllLines(chk.resolve(jobId + "/" + CheckpointDir.EVENTS))) {
            events.add(com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(line));
        }
        return events;
    }

    /** Runs one of the emulator's LSF commands (e.g. bkill) as a user would. */
    void lsfCommand(String... argv) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of(lsf.resolve("bin").resolve(argv[0]).toString()));
        cmd.addAll(List.of(argv).subList(1, argv.length));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed: " + output);
        }
    }
}
