package hooks.programs;

import criu.invoke.process.CriuResult;
import hooks.cli.Json;
import hooks.system.Toolkit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * Runs the site's {@code NOTIFY_COMMAND} (site configuration only: never the job's environment) on the
 * events {@link NotifyPolicy} names, once the program is done with the job, so that a slow command
 * never delays a checkpoint or a kill: as this program's user (the job's; a program running as root
 * for another user's job runs nothing), without a shell, with a fixed environment, the event as one
 * JSON object on its stdin, bounded by {@code NOTIFY_TIMEOUT}. Its failure is logged, nothing more.
 */
final class Notifier implements JobLog.Listener {
    private final Toolkit toolkit;
    private final JobEnvironment env;
    private final Optional<Path> dir;
    private final List<Map<String, Object>> pending = new ArrayList<>();

    Notifier(Toolkit toolkit, JobEnvironment env, Optional<Path> dir) {
        this.toolkit = toolkit;
        this.env = env;
        this.dir = dir;
    }

    @Override
    public void on(JobLog log, Map<String, Object> event) {
        NotifyPolicy.notification(event).ifPresent(kind -> {
            Map<String, Object> n = new LinkedHashMap<>(event);
            n.put("notification", kind);
            synchronized (pending) {
                pending.add(n);
            }
        });
    }

    @Override
    public void finish(JobLog log) {
        List<Map<String, Object>> due;
        synchronized (pending) {
            due = List.copyOf(pending);
            pending.clear();
        }
        if (due.isEmpty()) {
            return;
        }
        SiteConfig config;
        try {
            config = toolkit.config();
        } catch (RuntimeException e) {
            return;
        }
        List<String> command = config.words(ConfigKey.NOTIFY_COMMAND);
        if (command.isEmpty()) {
            return;
        }
        String jobUser = toolkit.environment()
                .getOrDefault("LSFUSERNAME", toolkit.environment().getOrDefault("USER", ""));
        if (toolkit.isRoot() && !jobUser.isEmpty() && !jobUser.equals("root")) {
            log.warn("NOTIFY_COMMAND not run: this program runs as root for " + jobUser + "'s job");
            return;
        }
        Duration timeout = Duration.ofSeconds(config.number(ConfigKey.NOTIFY_TIMEOUT));
        for (Map<String, Object> n : due) {
            run(log, command, timeout, n);
        }
    }

    private void run(JobLog log, List<String> command, Duration timeout, Map<String, Object> n) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("HOME", "/");
        environment.put("LC_ALL", "C");
        environment.put("LANG", "C");
        environment.put("LSF_CRIU_EVENT", String.valueOf(n.get("notification")));
        environment.put("LSB_JOBID", Long.toString(env.jobId().orElse(0)));
        environment.put("LSF_CRIU_USER", MetricsRecorder.user());
        dir.ifPresent(d -> environment.put("LSF_CRIU_CHECKPOINT_DIR", d.toString()));
        byte[] input = (Json.compact(n) + "\n").getBytes(StandardCharsets.UTF_8);
        CriuResult r = toolkit.children().runWithInput(command, environment, timeout, input);
        if (r.succeeded()) {
            log.info("notified " + n.get("notification") + " through " + command.get(0));
        } else {
            log.warn("NOTIFY_COMMAND failed on " + n.get("notification") + ": " + r.describe());
        }
    }
}
