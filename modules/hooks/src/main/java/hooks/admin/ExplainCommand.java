package hooks.admin;

import checkpoint.store.Decision;
import checkpoint.store.EffectiveSettings;
import checkpoint.store.RestartPolicy;
import checkpoint.store.Setting;
import checkpoint.store.StateFile;
import checkpoint.store.StateSnapshot;
import hooks.cli.ExitCode;
import hooks.cli.Json;
import hooks.cli.JsonFlag;
import hooks.system.ImageLayout;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import lsf.env.JobEnvironment;
import lsf.env.LsfConstants;
import lsf.env.config.SiteConfig;

/**
 * {@code lsf-criu explain [--json]}: for the current environment (a job's, or a user's shell before
 * {@code bsub}), every effective setting and where it came from, and what the TERMINATE action
 * would decide if the job reached its run limit now.
 */
public final class ExplainCommand implements Subcommand {
    private final ImageLayout layout;
    private final Map<String, String> environment;
    private final LongSupplier clock;

    ExplainCommand(ImageLayout layout, Map<String, String> environment, LongSupplier clock) {
        this.layout = layout;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String help() {
        return "explain [--json]        for this environment: every effective setting and where it came from\n"
                + "                          (default, admin config, user variable, clamped), and what would happen\n"
                + "                          if the job reached its run limit now";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        boolean json = JsonFlag.parse(name(), 0, args).json();
        SiteConfig config = SiteConfig.load(layout.configFile());
        JobEnvironment env = JobEnvironment.of(environment);
        EffectiveSettings settings = EffectiveSettings.resolve(env, config);
        Map<String, String> atLimit = new HashMap<>(environment);
        atLimit.put("LSB_SUSP_REASONS", Long.toString(LsfConstants.SUSP_RES_LIMIT));
        atLimit.put("LSB_SUSP_SUBREASONS", Long.toString(LsfConstants.SUB_REASON_RUNLIMIT));
        atLimit.putIfAbsent("LSB_JOBID", "1");
        StateSnapshot state = env.checkpointDir()
                .map(d -> StateSnapshot.read(new StateFile(d)))
                .orElseGet(StateSnapshot::none);
        Decision decision = RestartPolicy.onTerminate(state, JobEnvironment.of(atLimit), config, clock.getAsLong());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config_file", config.source());
        checkpoint.store.OptIn optIn = checkpoint.store.OptIn.of(env, config);
        doc.put("checkpoint_on_overrun", optIn.checkpoint());
        doc.put("restart_on_overrun", optIn.restart());
        doc.put("opt_in", optIn.why());
        doc.put("queue", env.queue().orElse(""));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting s : settings.all()) {
            values.put(
                    s.name(),
                    Map.of(
                            "value",
                            s.value(),
                            "source",
                            s.source().name().toLowerCase(java.util.Locale.ROOT),
                            "note",
                            s.note()));
        }
        doc.put("settings", values);
        doc.put("checkpoint_dir", env.checkpointDir().map(Object::toString).orElse(""));
        doc.put("at_run_limit", Map.of("action", decision.action().name(), "reason", decision.reason()));
        Optional<String> lastError = state.state().flatMap(st -> st.lastError());
        doc.put("last_error", lastError.orElse(""));
        doc.put("warnings", env.warnings());
        doc.put("errors", env.errors());
        String metricsDir = config.text(lsf.env.config.ConfigKey.METRICS_DIR);
        String metrics = metricsDir.isEmpty()
                ? ""
                : new checkpoint.store.metrics.MetricsFile(
                                java.nio.file.Path.of(metricsDir), System.getProperty("user.name", "unknown"), 0)
                        .file()
                        .toString();
        String notify = config.text(lsf.env.config.ConfigKey.NOTIFY_COMMAND).strip();
        doc.put("metrics_file", metrics);
        doc.put("notify_command", notify);
        if (json) {
            out.println(Json.pretty(doc));
            return ExitCode.OK.code();
        }
        out.println("Site configuration: " + config.source());
        out.println("Queue:               " + env.queue().orElse("(LSB_QUEUE not set)"));
        out.println("Checkpoint at limit: " + (optIn.checkpoint() ? "yes" : "no") + " (" + optIn.why() + ")");
        out.println("Restart after it:    " + (optIn.restart() ? "yes" : "no"));
        for (Setting s : settings.all()) {
            out.println(s.describe());
        }
        out.println("Checkpoint directory: "
                + env.checkpointDir().map(Object::toString).orElse("(none: bsub -k not used)"));
        print(out, "warning", env.warnings());
        print(out, "error", env.errors());
        lastError.ifPresent(e -> out.println("Last recorded: " + e));
        out.println("Metrics:             " + (metrics.isEmpty() ? "none (METRICS_DIR is empty)" : metrics));
        out.println("Notifications:       " + (notify.isEmpty() ? "none (NOTIFY_COMMAND is empty)" : notify)
                + (environment.containsKey("NOTIFY_COMMAND") || environment.containsKey("METRICS_DIR")
                        ? " (the job's own NOTIFY_COMMAND or METRICS_DIR is ignored: site configuration only)"
                        : ""));
        out.println("At the run limit now: " + decision.action() + ": " + decision.reason()
                + (decision.action() == checkpoint.store.Decision.Action.REQUEST_CHECKPOINT
                        ? " (if its processes can be checkpointed then: lsf-criu probe <pid> tells now)"
                        : ""));
        return ExitCode.OK.code();
    }

    private static void print(PrintWriter out, String kind, List<String> lines) {
        lines.forEach(l -> out.println(kind + ": " + l));
    }
}
