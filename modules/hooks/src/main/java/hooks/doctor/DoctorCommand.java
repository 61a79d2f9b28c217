package hooks.doctor;

import hooks.admin.Subcommand;
import hooks.cli.ExitCode;
import hooks.cli.Json;
import hooks.cli.UsageException;
import hooks.system.Criu;
import hooks.system.Identity;
import hooks.system.ImageLayout;
import hooks.system.Toolkit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import lsf.env.config.ConfigException;
import lsf.env.config.SiteConfig;

/**
 * {@code lsf-criu doctor [--json] [--quick] [--as-user USER] [--chkpnt-dir DIR]}: the preflight
 * check an administrator runs on every execution host, with a trial dump and restore by default
 * ({@code --quick} skips it and says so). Exit 0 when every check passes,
 * {@link ExitCode#CHECKS_WARNED} with warnings, {@link ExitCode#CHECKS_FAILED} with failures.
 */
public final class DoctorCommand implements Subcommand {
    private final ImageLayout layout;

    public DoctorCommand(ImageLayout layout) {
        this.layout = layout;
    }

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String help() {
        return "doctor [--json] [--quick] [--as-user U] [--chkpnt-dir D]\n"
                + "                          preflight check of this host: criu, kernel, configuration, LSF commands,\n"
                + "                          a checkpoint directory, and a trial dump and restore (as root: as user U,\n"
                + "                          default nobody; --quick skips it); exits 0 all pass, 5 warnings, 6 failures";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        OptionParser parser = new OptionParser();
        parser.accepts("json");
        parser.accepts("quick");
        parser.accepts("trial-only"); // what root runs as the trial's user (TrialAsUser)
        OptionSpec<String> asUser = parser.accepts("as-user").withRequiredArg();
        OptionSpec<String> chkpntDir = parser.accepts("chkpnt-dir").withRequiredArg();
        OptionSet set = parser.parse(args);
        if (!set.nonOptionArguments().isEmpty()) {
            throw new UsageException("doctor takes no operands, got " + set.nonOptionArguments());
        }
        if (set.has(asUser) && !Identity.isRoot()) {
            throw new UsageException("--as-user needs root (the trial becomes that user)");
        }
        if (set.has("trial-only")) {
            return trialOnly(out);
        }
        List<Check> checks = new ArrayList<>();
        Optional<SiteConfig> config = Optional.empty();
        Check configCheck = InstallChecks.configuration(layout.configFile());
        checks.add(configCheck);
        try {
            config = Optional.of(SiteConfig.load(layout.configFile()));
        } catch (ConfigException e) {
            // reported by the configuration check
        }
        checks.add(InstallChecks.notWritableByUsers(layout.home()));
        checks.add(InstallChecks.startupArchive(System.getProperty("java.vm.info"), layout.home()));
        config.ifPresent(c -> checks.addAll(DumpSlotsCheck.of(c)));
        config.ifPresent(c -> checks.addAll(FleetChecks.of(c)));
        checks.add(LogFallbackCheck.of(
                config.map(k -> k.text(lsf.env.config.ConfigKey.LOG_FALLBACK)).orElse("syslog"), Path.of("/dev/log")));
        SiteConfig c = config.orElseGet(SiteConfig::defaults);
        Path criu = Criu.binary(c);
        checks.addAll(CriuChecks.run(
                criu,
                Identity.isRoot() && !set.has(asUser),
                CriuChecks.capabilityBoundingSet(read("/proc/self/status").orElse("")),
                CriuChecks.exec(Duration.ofSeconds(60))));
        trial(set.has("quick"), Optional.ofNullable(set.valueOf(asUser)), criu).ifPresent(checks::add);
        checks.add(KernelChecks.ptraceScope(read("/proc/sys/kernel/yama/ptrace_scope")));
        checks.add(KernelChecks.cgroups(
                Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), read("/proc/self/cgroup")));
        checks.add(KernelChecks.pidMax(read("/proc/sys/kernel/pid_max")));
        checks.add(
                config.isPresent()
                        ? InstallChecks.lsfCommands(c)
                        : Check.fail(
                                "LSF commands", "not checked: the configuration is unusable", "fix the configuration"));
        if (set.has(chkpntDir)) {
            checks.addAll(CheckpointDirCheck.run(Path.of(set.valueOf(chkpntDir))));
        }
        ExitCode verdict = verdict(checks);
        print(out, checks, set.has("json"), verdict);
        return verdict.code();
    }

    /**
     * The trial dump and restore: skipped with {@code --quick}; as root, handed whole to {@code user}
     * (default {@code nobody}); otherwise run as this process's user. Empty when criu cannot run at all.
     */
    private Optional<Check> trial(boolean quick, Optional<String> user, Path criu) {
        if (quick) {
            return Optional.of(Check.skip(
                    CriuTrial.NAME, "not run (--quick): criu check alone does not prove that this criu can dump here"));
        }
        if (!Files.isExecutable(criu)) {
            return Optional.empty();
        }
        return Optional.of(
                Identity.isRoot()
                        ? TrialAsUser.run(layout.home(), user.orElse("nobody"))
                        : new CriuTrial(Toolkit.system(System.getenv()), criu, Criu.version(criu)).run());
    }

    /** {@code --trial-only}: the trial alone, as this (ordinary) user, as one line for {@link TrialAsUser}. */
    private int trialOnly(PrintWriter out) {
        if (Identity.isRoot()) {
            throw new UsageException("--trial-only runs as the ordinary user it tests: as root, use --as-user");
        }
        SiteConfig c;
        try {
            c = SiteConfig.load(layout.configFile());
        } catch (ConfigException e) {
            c = SiteConfig.defaults();
        }
        Path criu = Criu.binary(c);
        Check trial = new CriuTrial(Toolkit.system(System.getenv()), criu, Criu.version(criu)).run();
        out.println(TrialAsUser.line(trial));
        return verdict(List.of(trial)).code();
    }

    /** OK when all pass, CHECKS_WARNED with warnings, CHECKS_FAILED with failures. */
    static ExitCode verdict(List<Check> checks) {
        boolean fail = checks.stream().anyMatch(k -> k.level() == Check.Level.FAIL);
        boolean warn = checks.stream().anyMatch(k -> k.level() == Check.Level.WARN);
        return fail ? ExitCode.CHECKS_FAILED : warn ? ExitCode.CHECKS_WARNED : ExitCode.OK;
    }

    private void print(PrintWriter out, List<Check> checks, boolean json, ExitCode verdict) {
        int level = verdict == ExitCode.CHECKS_FAILED ? 2 : verdict == ExitCode.CHECKS_WARNED ? 1 : 0;
        if (json) {
            List<Object> list = new ArrayList<>();
            for (Check k : checks) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", k.name());
                m.put("level", k.level().name().toLowerCase(Locale.ROOT));
                m.put("found", k.found());
                m.put("advice", k.advice());
                list.add(m);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("host", Identity.hostname());
            doc.put("image", layout.home().toString());
            doc.put("result", List.of("pass", "warn", "fail").get(level));
            doc.put("checks", list);
            out.println(Json.pretty(doc));
            return;
        }
        for (Check k : checks) {
            out.printf("%-4s  %-28s %s%n", k.level(), k.name(), k.found());
            if (!k.advice().isEmpty()) {
                out.printf("      %-28s -> %s%n", "", k.advice());
            }
        }
        out.println(
                List.of("all checks passed", "passed with warnings", "FAILED").get(level));
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(criu.invoke.proc.ProcFiles.read(Path.of(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
