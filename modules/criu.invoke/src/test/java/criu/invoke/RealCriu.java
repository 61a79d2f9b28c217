package criu.invoke;

import criu.invoke.image.Generations;
import criu.invoke.image.Manifest;
import criu.invoke.proc.HostInfo;
import criu.invoke.proc.ProcFs;
import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import criu.invoke.process.Ticker;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Steps the real-criu tests share: dump a group, wait for its pids, restore detached in a new
 * session. In this JVM (as root), or in a JVM of the ordinary test user ({@link #asUser}).
 */
public abstract class RealCriu {
    /** Every criu call of these tests: a criu that hangs fails the test in seconds, not the CI run. */
    static final Duration CRIU_BOUND = Duration.ofSeconds(20);

    RealCriu() {}

    public abstract DumpOutcome dump(Path checkpointDir, long pgid, CriuCommand.AfterDump after) throws IOException;

    /** Prepares and runs a detached restore under setsid; returns the restored root's pid. */
    public abstract long restore(Path checkpointDir) throws IOException;

    static RealCriu asRoot() {
        return inProcess(false);
    }

    static RealCriu inProcess(boolean unprivileged) {
        check(Files.isExecutable(TestJob.CRIU), TestJob.CRIU + " missing: run jlink/scripts/provision-criu");
        return new RealCriu() {
            @Override
            public DumpOutcome dump(Path checkpointDir, long pgid, CriuCommand.AfterDump after) {
                Dumper d = new Dumper(TestJob.CRIU, ProcFs.system(), HostInfo.local("test"));
                return d.dump(
                        new Dumper.Request(checkpointDir, pgid, after, unprivileged, List.of(), CRIU_BOUND, 2, true));
            }

            @Override
            public long restore(Path checkpointDir) throws IOException {
                Restorer.Plan plan =
                        new Restorer(ProcFs.system(), Ticker.system()).prepare(checkpointDir, Duration.ofSeconds(60));
                check(plan.ready(), plan.problem().orElse(""));
                Path pidFile = checkpointDir.resolve("restored.pid");
                Files.deleteIfExists(pidFile);
                List<String> argv = new ArrayList<>();
                argv.add("setsid");
                argv.addAll(CriuCommand.restore(
                        TestJob.CRIU,
                        plan.generation().get(),
                        CriuCommand.RestoreMode.DETACHED,
                        Optional.of(pidFile),
                        unprivileged,
                        Optional.empty(),
                        List.of()));
                CriuResult r = ChildProcess.run(
                        argv,
                        null,
                        CRIU_BOUND,
                        Optional.of(plan.generation().get().resolve(CriuCommand.RESTORE_LOG)));
                check(r.succeeded(), r.describe());
                long root = Long.parseLong(Files.readString(pidFile).strip());
                check(plan.manifest().get().rootPid() == root, "restored with its original pid");
                return root;
            }
        };
    }

    /** The same steps in a JVM run as the test user by runuser, from a copy of the class path it can read. */
    public static RealCriu asUser(Path tmp) throws IOException {
        Path cp = Files.createDirectories(tmp.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (Class<?> c : List.of(
                CriuMain.class,
                Dumper.class,
                com.fasterxml.jackson.jr.ob.JSON.class,
                com.fasterxml.jackson.core.JsonFactory.class)) {
            Path from = location(c);
            Path to = cp.resolve("e" + i++ + (Files.isDirectory(from) ? "" : ".jar"));
            TestJob.run(List.of("cp", "-r", from.toString(), to.toString()));
            entries.add(to.toString());
        }
        TestJob.run(List.of("chmod", "-R", "a+rX", cp.toString()));
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new RealCriu() {
            private String call(String... args) throws IOException {
                List<String> cmd = new ArrayList<>(List.of(
                        "runuser",
                        "-u",
                        TestJob.USER,
                        "--",
                        java,
                        "-cp",
                        String.join(File.pathSeparator, entries),
                        CriuMain.class.getName()));
                cmd.addAll(List.of(args));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().putAll(Map.of("HOME", "/tmp"));
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                try {
                    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        throw new AssertionError("user JVM failed: " + out);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                return out.strip().lines().reduce((a, b) -> b).orElse("");
            }

            @Override
            public DumpOutcome dump(Path checkpointDir, long pgid, CriuCommand.AfterDump after) throws IOException {
                String[] w = call(
                                "dump",
                                checkpointDir.toString(),
                                Long.toString(pgid),
                                after == CriuCommand.AfterDump.KEEP_RUNNING ? "keep" : "stop")
                        .split(" ", 3);
                DumpOutcome.Status status = DumpOutcome.Status.valueOf(w[0]);
                Optional<Path> gen = status == DumpOutcome.Status.DUMPED
                        ? new Generations(checkpointDir).current()
                        : Optional.empty();
                Map<String, Long> stats = gen.isPresent()
                        ? Map.of(
                                "frozen_time_us",
                                1L,
                                "image_bytes",
                                Manifest.parse(Files.readString(gen.get().resolve(Manifest.NAME)))
                                        .imageBytes())
                        : Map.of();
                return new DumpOutcome(status, w[2], gen, Optional.of(Long.parseLong(w[1])), stats, Optional.empty());
            }

            @Override
            public long restore(Path checkpointDir) throws IOException {
                return Long.parseLong(call("restore", checkpointDir.toString()));
            }
        };
    }

    /** Plain checks: this class also runs in the user's JVM, which has no JUnit. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
