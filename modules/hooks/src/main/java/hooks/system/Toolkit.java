package hooks.system;

import criu.invoke.proc.HostInfo;
import criu.invoke.proc.ProcFs;
import criu.invoke.process.ChildRunner;
import criu.invoke.process.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import lsf.env.LsfCommandLine;
import lsf.env.LsfCommands;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * Everything a program touches outside itself: the image, the job's environment, the wall clock,
 * /proc (processes, boot time, this process's cgroups and user), signals, the monotonic ticker,
 * LSF's commands, the watchdog, child processes (criu and its helpers) and this host's identity
 * (name, kernel, fingerprint). {@link #system} is the real world; tests build one with fakes.
 *
 * @param clock the wall clock, for the state's times and the log's timestamps
 * @param children how criu and its helpers run
 * @param host this host, as a dump's manifest and a restore's checks see it
 */
public record Toolkit(
        ImageLayout layout,
        Map<String, String> environment,
        Clock clock,
        ProcFs proc,
        Signaller signaller,
        Ticker ticker,
        Function<SiteConfig, LsfCommands> lsf,
        Watchdog watchdog,
        ChildRunner children,
        HostInfo host) {
    /** Starts the TERMINATE watchdog. */
    @FunctionalInterface
    public interface Watchdog {
        /**
         * Arranges for {@code lsf-criu-terminate --watchdog --until=<deadline> <pid:start>...} to look at
         * the job at {@code deadlineMillis} (epoch milliseconds), detached; {@code armedFor} names the job's
         * processes by pid and start time, so that the watchdog never kills a process that merely reuses
         * one of their pids (such as the restored job).
         */
        void start(long deadlineMillis, java.util.List<String> armedFor);
    }

    /** The real world, with the process's environment. */
    public static Toolkit system(Map<String, String> environment) {
        ImageLayout layout = ImageLayout.running();
        return new Toolkit(
                layout,
                environment,
                Clock.systemUTC(),
                ProcFs.system(),
                Signaller.system(),
                Ticker.system(),
                Toolkit::lsfCommands,
                new DetachedWatchdog(layout),
                ChildRunner.SYSTEM,
                HostInfo.local(() -> "unknown"));
    }

    static LsfCommands lsfCommands(SiteConfig config) {
        LsfCommandRunner runner = new LsfCommandRunner();
        Duration timeout = Duration.ofSeconds(config.number(ConfigKey.LSF_COMMAND_TIMEOUT));
        java.nio.file.Path bin = LsfCommandLine.binDir(
                        config.text(ConfigKey.LSF_BINDIR), config.text(ConfigKey.LSF_PROFILE), runner, timeout)
                .orElseThrow(() -> new lsf.env.config.ConfigException("neither LSF_BINDIR nor"
                        + " LSF_PROFILE locates bchkpnt and brestart (POST_EXEC's PATH has none): set one in "
                        + config.source()));
        return new LsfCommandLine(bin, timeout, runner);
    }

    /** The site configuration of this image. */
    public SiteConfig config() {
        return SiteConfig.load(layout.configFile());
    }

    /** The wall clock's time in epoch seconds. */
    public long now() {
        return clock.instant().getEpochSecond();
    }

    /** True when this process runs as root (its real user id is 0). */
    public boolean isRoot() {
        return proc.uid() == 0;
    }

    /** {@code criu --version} of {@code criu}, through this toolkit's child runner, or {@code unknown}. */
    public String criuVersion(java.nio.file.Path criu) {
        return Criu.version(children, criu);
    }
}
