package lsf.emulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * {@code lsf-criu simulate}: runs a command as an overrunning LSF job on this host, with the
 * image's real programs and the configured criu, through the emulator; prints progress, the
 * timeline and the summary, and returns the job's final exit code.
 */
public final class Simulate {
    /** Thrown for bad {@code simulate} arguments; the message is the one line to show. */
    public static final class Usage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }

    private Simulate() {}

    public static final String HELP = "simulate [--run-limit S] [--restart-limit N] [--mode ibm|openlava] [--user U]\n"
            + "          [--chkpnt-dir D] [--output F] [--no-opt-in] [--job-starter] [--timeout S] [--work-dir W]\n"
            + "          -- command...\n"
            + "                          run a command as an overrunning LSF job on this host: the real programs,\n"
            + "                          the configured criu, an emulated LSF; exits with the job's exit status";

    /**
     * Runs {@code simulate} with the arguments after the word; {@code image} is the runtime image,
     * {@code environment} the caller's (passed to the job).
     *
     * @return the job's final exit code (the shell's view: 128 + signal for a killed job)
     */
    public static int run(PrintWriter out, Path image, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        OptionParser parser = new OptionParser();
        OptionSpec<Long> runLimit =
                parser.accepts("run-limit").withRequiredArg().ofType(Long.class).defaultsTo(10L);
        OptionSpec<Long> restartLimit =
                parser.accepts("restart-limit").withRequiredArg().ofType(Long.class);
        OptionSpec<String> mode = parser.accepts("mode").withRequiredArg().defaultsTo("ibm");
        OptionSpec<String> user = parser.accepts("user").withRequiredArg();
        OptionSpec<String> chkpntDir = parser.accepts("chkpnt-dir").withRequiredArg();
        OptionSpec<String> output = parser.accepts("output").withRequiredArg();
        OptionSpec<Long> timeout =
                parser.accepts("timeout").withRequiredArg().ofType(Long.class).defaultsTo(600L);
        OptionSpec<String> workDir = parser.accepts("work-dir").withRequiredArg();
        parser.accepts("no-opt-in");
        // the queue of the README has no JOB_STARTER; --job-starter emulates one with lsf-criu's
        parser.accepts("job-starter");
        OptionSet set;
        try {
            set = parser.parse(args);
        } catch (OptionException e) {
            throw new Usage(e.getMessage());
        }
        List<String> command =
                set.nonOptionArguments().stream().map(Object::toString).toList();
        if (command.isEmpty()) {
            throw new Usage("simulate needs a command after --");
        }
        if (set.valueOf(runLimit) < 1) {
            throw new Usage("--run-limit must be at least 1 second");
        }
        Emulator.ActionMode actionMode;
        try {
            actionMode = Emulator.ActionMode.valueOf(set.valueOf(mode).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Usage("--mode must be ibm or openlava, not " + set.valueOf(mode));
        }
        Path work = set.has(workDir)
                ? Files.createDirectories(Path.of(set.valueOf(workDir)))
                : Files.createTempDirectory("lsf-criu-simulate-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lsfBin = Emulator.install(work.resolve("lsf"));
        Path simImage = SimulationImage.create(image, work.resolve("image"), lsfBin, Map.of());
        Path chkParent =
                Files.createDirectories(set.has(chkpntDir) ? Path.of(set.valueOf(chkpntDir)) : work.resolve("chk"));
        Optional<String> runAs = Optional.ofNullable(set.valueOf(user));
        Path outFile = set.has(output)
                ? Path.of(set.valueOf(output)).toAbsolutePath()
                : runAs.isPresent()
                        ? Files.createDirectories(work.resolve("out")).resolve("job.out")
                        : work.resolve("job.out");
        if (runAs.isPresent()) {
            // the job user's own places, through directories that user owns; the work directory (image, spool
            // commands) stays the emulator's: a user who could change it would run code as root
            giveToUser(chkParent, runAs.get());
            giveToUser(outFile.getParent(), runAs.get());
            // the job's output is its user's (criu reopens it as that user on restore): created as that user
            new JobUserFiles(new Children(runAs).asUser()).createFile(outFile);
        }
        Map<String, String> env = new HashMap<>(environment);
        if (!set.has("no-opt-in")) {
            env.putIfAbsent("ENABLE_ORUN_CHKPNT", "Y");
            env.putIfAbsent("ENABLE_ORUN_RESTART", "Y");
        }
        if (set.has(restartLimit)) {
            env.put("ORUN_RESTART_LIMIT", Long.toString(set.valueOf(restartLimit)));
        }
        String line = JobSpec.commandLine(command);
        out.println("lsf-criu simulate: " + line);
        out.println("  run limit " + set.valueOf(runLimit) + " s, TERMINATE action " + actionMode
                + "-style, checkpoints in " + chkParent + ", output " + outFile + ", work " + work);
        out.flush();
        Progress progress = new Progress(out, env.getOrDefault("ORUN_RESTART_LIMIT", "the site's limit"));
        Emulator emulator = new Emulator(
                new Emulator.Settings(
                        simImage,
                        work.resolve("lsf"),
                        actionMode,
                        10,
                        runAs,
                        set.has("job-starter")
                                ? simImage.resolve("bin/lsf-criu-job-starter").toString()
                                : ""),
                new Timeline(progress::show));
        JobSpec spec = new JobSpec(
                line, env, Optional.of(chkParent), Optional.of(outFile), work, set.valueOf(runLimit), 0, false);
        // whatever stops the simulation (SIGINT, SIGTERM, a failure), no process group of its jobs outlives it
        Thread reaper = new Thread(emulator::killAll, "lsf-criu-simulate-cleanup");
        Runtime.getRuntime().addShutdownHook(reaper);
        Emulator.Result result;
        try {
            result = emulator.run(spec, Duration.ofSeconds(set.valueOf(timeout)));
        } finally {
            emulator.killAll();
        }
        report(out, result, outFile, new JobUserFiles(new Children(runAs).asUser()));
        return result.exitCode();
    }

    /** The run's timeline, the summary next to the job's output (read as the job's user) and how the job ended. */
    private static void report(PrintWriter out, Emulator.Result result, Path outFile, JobUserFiles files) {
        out.println();
        out.println("Timeline:");
        result.timeline().events().forEach(e -> out.println("  " + e.line()));
        Path summary =
                outFile.resolveSibling("overrun-summary-" + result.jobIds().get(0) + ".txt");
        out.println();
        if (files.exists(summary)) { // the job user's file: read as that user
            out.println("Summary (" + summary + "):");
            files.read(summary).lines().forEach(l -> out.println("  " + l));
        } else {
            out.println("No summary: lsf-criu did not look after this job (" + summary + " absent)");
        }
        out.println();
        out.println("Job " + result.jobIds().get(result.jobIds().size() - 1) + " finished: "
                + Children.describe(result.waitStatus()) + "; output in " + outFile);
        out.flush();
    }

    /**
     * Makes {@code dir} a private directory of {@code user}, never through a link: a directory the user
     * already owns is left as it is; one of root's (as just created) is given to the user with
     * {@code lchown}; a link, or another user's directory, is refused.
     */
    static void giveToUser(Path dir, String user) throws IOException {
        java.nio.file.LinkOption nofollow = java.nio.file.LinkOption.NOFOLLOW_LINKS;
        var attributes = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class, nofollow);
        if (!attributes.isDirectory() || attributes.isSymbolicLink()) {
            throw new IllegalArgumentException(
                    dir + " is a symbolic link or no directory: refusing to give it to " + user);
        }
        String owner = attributes.owner().getName();
        if (owner.equals(user)) {
            return;
        }
        if (!owner.equals("root")) {
            throw new IllegalArgumentException(dir + " belongs to " + owner + ", neither to root nor to " + user);
        }
        var view = Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class, nofollow);
        view.setPermissions(PosixFilePermissions.fromString("rwx------"));
        view.setOwner(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
    }

    /** Prints the milestones as they happen. */
    private static final class Progress {
        private final PrintWriter out;
        private final String limit;
        private int restarts;

        Progress(PrintWriter out, String limit) {
            this.out = out;
            this.limit = limit;
        }

        void show(Timeline.Event e) {
            String text = switch (e.what()) {
                case "job start" -> "job " + e.jobId() + " started";
                case "run limit" -> "job " + e.jobId() + " reached its run limit";
                case "checkpoint start" -> "checkpointing job " + e.jobId();
                case "checkpoint done" -> "checkpoint of job " + e.jobId() + " complete";
                case "checkpoint failed" -> "checkpoint of job " + e.jobId() + " FAILED";
                case "restarted job start" ->
                    "restart " + (++restarts) + " of " + limit + ": job " + e.jobId() + " resumed";
                case "restart failed" -> "restart of job " + e.jobId() + " FAILED";
                case "job exit" -> "job " + e.jobId() + " " + e.detail();
                default -> null;
            };
            if (text != null) {
                out.printf("[%6.1f s] %s%n", e.millis() / 1000.0, text);
                out.flush();
            }
        }
    }
}
