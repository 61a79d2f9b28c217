package hooks.admin;

import criu.invoke.Checkpointability;
import criu.invoke.CheckpointabilityCheck;
import criu.invoke.CriuCommand;
import criu.invoke.DumpOutcome;
import criu.invoke.Dumper;
import criu.invoke.files.UserFiles;
import criu.invoke.proc.ProcessTable;
import hooks.cli.ExitCode;
import hooks.cli.Json;
import hooks.cli.PositiveNumber;
import hooks.cli.UsageException;
import hooks.system.Criu;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * {@code lsf-criu probe <pid | job id> [--job] [--trial] [--json]}: whether a running job could be
 * checkpointed and restored now, and why not, from the same decision the TERMINATE action and echkpnt
 * take ({@link CheckpointabilityCheck}) on the job's process group (a pid's group, or the group of the LSF
 * job with that id on this host). {@code --trial} also dumps it with criu into a scratch directory (the job
 * keeps running; nothing is restored) and removes the image. A user may probe only their own processes.
 * Exit 0: checkpointable (and the trial dumped); 1: not (or the trial failed); 4: no such process or job.
 */
public final class ProbeCommand implements Subcommand {
    private final Toolkit toolkit;

    public ProbeCommand(Toolkit toolkit) {
        this.toolkit = toolkit;
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public String help() {
        return "probe <pid | job id> [--job] [--trial] [--json]\n"
                + "                          could this running job be checkpointed now, and why not (--job: the"
                + " number is an LSF\n"
                + "                          job id; a number that is no live pid is taken as one); --trial also"
                + " dumps it to a\n"
                + "                          scratch directory (it keeps running) and removes the image";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        OptionParser p = new OptionParser();
        p.accepts("job");
        p.accepts("trial");
        p.accepts("json");
        OptionSet set = p.parse(args);
        List<String> operands =
                set.nonOptionArguments().stream().map(Object::toString).toList();
        if (operands.size() != 1) {
            throw new UsageException("probe takes one pid or job id, found " + operands.size());
        }
        long number = PositiveNumber.parse("pid or job id", operands.get(0));
        ProcessTable table = ProcessTable.read(toolkit.proc());
        boolean job =
                set.has("job") || table.get(number).filter(s -> !s.isZombie()).isEmpty();
        ProbeTarget.Result found = job
                ? ProbeTarget.ofJob(toolkit.proc(), table, number)
                : ProbeTarget.ofPid(toolkit.proc(), table, number);
        if (found.target().isEmpty()) {
            err.println("lsf-criu probe: " + found.error());
            return ExitCode.BAD_INPUT.code();
        }
        ProbeTarget target = found.target().get();
        SiteConfig config = toolkit.config();
        Optional<Path> chk = Optional.ofNullable(target.environment().get("LSB_CHKPNT_DIR"))
                .filter(d -> d.startsWith("/"))
                .map(Path::of);
        Optional<Long> restored = chk.flatMap(hooks.programs.EchkpntCriu::restoredRoot);
        CheckpointabilityCheck.Assessment a = new CheckpointabilityCheck(toolkit.proc(), toolkit.children())
                .assess(
                        table,
                        target.pgid(),
                        restored,
                        CheckpointabilityCheck.tcpEstablished(
                                config.words(ConfigKey.CRIU_DUMP_OPTIONS),
                                config.words(ConfigKey.CRIU_RESTORE_OPTIONS)));
        Checkpointability.Verdict v = a.verdict();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", target.described());
        doc.put("process_group", target.pgid());
        doc.put("dump_root", a.root().map(r -> (Object) r.pid()).orElse(""));
        doc.put("processes", a.facts().map(f -> f.tasks().size()).orElse(0));
        doc.put("uid", a.facts().map(f -> f.ownerUid()).orElse(-1L));
        doc.put("checkpointable", v.checkpointable());
        doc.put("blocker", v.blocker().map(Enum::name).orElse(""));
        doc.put("reason", v.reason());
        doc.put("notes", v.notes());
        boolean ok = v.checkpointable();
        if (set.has("trial")) {
            Map<String, Object> trial = v.checkpointable()
                    ? trial(target.pgid(), restored, config)
                    : Map.of("ran", false, "dumped", false, "message", "not run: the job cannot be checkpointed");
            doc.put("trial", trial);
            ok = ok && Boolean.TRUE.equals(trial.get("dumped"));
        }
        if (set.has("json")) {
            out.println(Json.pretty(doc));
        } else {
            print(out, doc, a);
        }
        return ok ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    private static void print(PrintWriter out, Map<String, Object> doc, CheckpointabilityCheck.Assessment a) {
        out.println(doc.get("target") + ": process group " + doc.get("process_group")
                + a.root()
                        .map(r -> ", dump root " + r.pid() + " (" + r.comm() + "), " + doc.get("processes")
                                + " processes of uid " + doc.get("uid"))
                        .orElse(""));
        out.println("Checkpointable: " + ((Boolean) doc.get("checkpointable") ? "yes" : "no"));
        out.println("Reason: " + (doc.get("blocker").toString().isEmpty() ? "" : doc.get("blocker") + ": ")
                + doc.get("reason"));
        a.verdict().notes().forEach(n -> out.println("Note: " + n));
        if (doc.get("trial") instanceof Map<?, ?> t) {
            out.println("Trial dump: " + ((Boolean) t.get("dumped") ? "dumped" : "no") + ": " + t.get("message"));
        }
    }

    /** criu dump of the group with {@code --leave-running} semantics into a scratch directory, then removed. */
    private Map<String, Object> trial(long pgid, Optional<Long> restored, SiteConfig config) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ran", true);
        Path scratch;
        try {
            scratch = Files.createTempDirectory("lsf-criu-probe-");
        } catch (IOException e) {
            t.put("dumped", false);
            t.put("message", "cannot create a scratch directory: " + e.getMessage());
            return t;
        }
        try {
            Dumper dumper = new Dumper(
                    Criu.binary(config),
                    toolkit.proc(),
                    toolkit.host().withCriuVersion(() -> toolkit.criuVersion(Criu.binary(config))),
                    toolkit.children(),
                    toolkit::now);
            DumpOutcome o = dumper.dump(new Dumper.Request(
                    scratch,
                    pgid,
                    CriuCommand.AfterDump.KEEP_RUNNING,
                    !toolkit.isRoot(),
                    config.words(ConfigKey.CRIU_DUMP_OPTIONS),
                    Duration.ofSeconds(config.number(ConfigKey.CRIU_DUMP_TIMEOUT)),
                    1,
                    false,
                    restored,
                    0));
            t.put("dumped", o.dumped());
            t.put(
                    "message",
                    o.dumped()
                            ? "the job kept running; image of " + o.stats().getOrDefault("image_bytes", 0L)
                                    + " bytes in " + o.stats().getOrDefault("wall_time_ms", 0L) + " ms, removed"
                            : o.message());
            t.put("stats", o.stats());
        } finally {
            try {
                UserFiles.deleteTree(scratch);
            } catch (IOException e) {
                t.put("cleanup", "could not remove " + scratch + ": " + e.getMessage());
            }
        }
        return t;
    }
}
