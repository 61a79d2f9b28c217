package hooks.programs;

import criu.invoke.proc.HostFingerprint;
import criu.invoke.proc.HostInfo;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.Ticker;
import hooks.cli.Program;
import hooks.system.ImageLayout;
import hooks.system.Signaller;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import lsf.env.CommandResult;
import lsf.env.LsfCommands;
import lsf.env.LsfOutputs;

/**
 * A fake world for in-process tests of the programs: processes that die on the signals they do
 * not ignore, a clock, LSF commands that answer as scripted, a watchdog that records its starts.
 */
final class FakeWorld {
    final Path image;
    final Map<String, String> env = new HashMap<>();
    final Map<Long, ProcStat> processes = new TreeMap<>();
    final Map<Long, Set<String>> ignores = new HashMap<>();
    final List<String> signals = new ArrayList<>();
    /** The pids {@link Signaller#killProcess} was given, in order. */
    final List<Long> processKills = new ArrayList<>();

    final List<String> lsfCalls = new ArrayList<>();
    /** The deadlines (epoch milliseconds) the watchdogs were armed with. */
    final List<Long> watchdogs = new ArrayList<>();

    final List<List<String>> watchdogArms = new ArrayList<>();
    long now = 1_700_000_000L;
    long millis = 0;
    /** What happens in the world as the ticker's time passes (it is given the new time). */
    java.util.function.LongConsumer onSleep = t -> {};
    /** The host's uptime as {@code /proc/uptime} gives it (negative: unreadable). */
    long uptimeMillis = -1;
    /** This process's real user id as the programs see it (0: root). */
    long uid = 0;
    /** {@code /proc/self/cgroup} as the programs read it. */
    String ownCgroups = "0::/system.slice/lsf.service/job.42\n";
    /** CPU flags of this host's fingerprint. */
    List<String> cpuFlags = List.of("sse4_2", "avx", "avx2");

    final FakeCriu criu = new FakeCriu(() -> processes);
    /** The open file descriptors of the fake processes, as /proc/<pid>/fd and fdinfo would show them. */
    final Map<Long, List<ProcFs.Descriptor>> descriptors = new HashMap<>();
    /** Other /proc files and links of the fake processes, by "pid/file" (e.g. "7/ns/mnt"). */
    final Map<String, String> procText = new HashMap<>();

    CommandResult bchkpnt = new CommandResult(List.of("bchkpnt"), 0, "Job <42> is being checkpointed", "", false);
    CommandResult brestart =
            new CommandResult(List.of("brestart"), 0, "Job <43> is submitted to queue <chk>.", "", false);

    FakeWorld(Path tmp) throws IOException {
        image = Files.createDirectories(tmp.resolve("image"));
        Files.createDirectories(image.resolve("conf"));
        Files.writeString(image.resolve("conf/lsf-criu.conf"), "LSF_BINDIR=/fake/lsf/bin\nJOB_TERMINATE_INTERVAL=10\n");
    }

    void config(String text) throws IOException {
        Files.writeString(image.resolve("conf/lsf-criu.conf"), text);
    }

    /** Adds a live process of group {@code pgid}. */
    void process(long pid, long ppid, long pgid, String... ignoredSignals) {
        processes.put(pid, new ProcStat(pid, "p" + pid, 'S', ppid, pgid, pgid, 0, Optional.empty()));
        ignores.put(pid, Set.of(ignoredSignals));
    }

    Toolkit toolkit() {
        ProcFs proc = new ProcFs() {
            @Override
            public List<Long> pids() {
                return new ArrayList<>(processes.keySet());
            }

            @Override
            public Optional<ProcStat> stat(long pid) {
                return Optional.ofNullable(processes.get(pid));
            }

            @Override
            public Optional<String> status(long pid) {
                return Optional.ofNullable(
                        processes.containsKey(pid)
                                ? "Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid
                                        + "\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
                                : null);
            }

            @Override
            public long uid() {
                return uid;
            }

            @Override
            public List<ProcFs.Descriptor> descriptors(long pid) {
                return descriptors.getOrDefault(pid, List.of());
            }

            /** Only what a test gives: never the real /proc of a pid that happens to be taken here. */
            @Override
            public java.util.Optional<String> text(long pid, String file) {
                return java.util.Optional.ofNullable(procText.get(pid + "/" + file));
            }

            @Override
            public java.util.Optional<String> link(long pid, String link) {
                return java.util.Optional.ofNullable(procText.get(pid + "/" + link));
            }

            @Override
            public List<String> fdTargets(long pid) {
                return descriptors.getOrDefault(pid, List.of()).stream()
                        .map(ProcFs.Descriptor::target)
                        .toList();
            }

            @Override
            public java.util.OptionalLong bootTime() {
                return java.util.OptionalLong.of(1_699_000_000L);
            }

            @Override
            public java.util.OptionalLong uptimeMillis() {
                return uptimeMillis < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(uptimeMillis);
            }

            @Override
            public String ownCgroups() {
                return ownCgroups;
            }
        };
        Signaller signaller = new Signaller() {
            @Override
            public void signalGroup(long pgid, String signal) {
                signals.add(signal + " " + pgid);
                processes
                        .values()
                        .removeIf(p -> p.pgid() == pgid && !ignores.get(p.pid()).contains(signal));
            }

            @Override
            public void killProcess(long pid) {
                processKills.add(pid);
                if (!ignores.getOrDefault(pid, Set.of()).contains("KILL")) {
                    processes.remove(pid);
                }
            }
        };
        Ticker ticker = new Ticker() {
            @Override
            public long millis() {
                return millis;
            }

            @Override
            public void sleep(long ms) {
                millis += ms;
                onSleep.accept(millis);
            }
        };
        LsfCommands lsf = new LsfCommands() {
            @Override
            public CommandResult checkpointAndKill(long jobId) {
                lsfCalls.add("bchkpnt -k " + jobId);
                return bchkpnt;
            }

            @Override
            public RestartSubmission restart(Path parent, long oldJobId) {
                lsfCalls.add("brestart " + parent + " " + oldJobId);
                return new RestartSubmission(brestart, LsfOutputs.submittedJobId(brestart.stdout()));
            }
        };
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(now, (millis % 1000) * 1_000_000);
            }
        };
        HostInfo host = new HostInfo(
                "node7",
                "6.18.44",
                () -> "4.2.1",
                version -> new HostFingerprint("6.18.44", version, "AuthenticAMD", "AMD EPYC", cpuFlags, "glibc 2.36"));
        return new Toolkit(
                new ImageLayout(image),
                env,
                clock,
                proc,
                signaller,
                ticker,
                c -> lsf,
                (deadline, armed) -> {
                    watchdogs.add(deadline);
                    watchdogArms.add(armed);
                },
                criu,
                host);
    }

    record Result(int code, String out, String err) {}

    Result run(Program program, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = program.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The environment of a TERMINATE call for job 42 at its run limit, opted in. */
    void runLimitOf42(Path chk) {
        runLimitOf42(chk, 100);
    }

    /**
     * The environment of job 42 at its run limit, opted in, with its processes {@code pgid} (the group
     * leader), {@code pgid + 1} and {@code pgid + 2}: a chain of three in one group.
     */
    void runLimitOf42(Path chk, long pgid) {
        env.put("LSB_JOBID", "42");
        env.put("LSB_JOBINDEX", "0");
        env.put("LSB_CHKPNT_DIR", chk.toString());
        env.put("LSB_JOBPGIDS", pgid + " ");
        env.put("LSB_JOBPIDS", pgid + " " + (pgid + 1) + " " + (pgid + 2) + " ");
        env.put("LSB_SUSP_REASONS", "131072");
        env.put("LSB_SUSP_SUBREASONS", "1");
        env.put("ENABLE_ORUN_CHKPNT", "Y");
        env.put("ENABLE_ORUN_RESTART", "Y");
        process(pgid, 1, pgid);
        process(pgid + 1, pgid, pgid);
        process(pgid + 2, pgid + 1, pgid);
    }
}
