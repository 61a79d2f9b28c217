package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lsf.emulator.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * METRICS_DIR after real checkpoints and restores: jobs of one user ending at once, and another user's;
 * the files pass Prometheus's own {@code promtool check metrics}, and their counts are the events'.
 */
class MetricsIT {
    static final String PROMTOOL =
            System.getProperty("promtool", "/var/cache/lsf-criu-tests/prometheus/root/usr/bin/promtool");

    @TempDir
    Path tmp;

    @Test
    void concurrentJobsCountWhatTheirEventsSayAndPromtoolAcceptsTheFiles() throws Exception {
        Path metrics = Files.createDirectories(tmp.resolve("textfile"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        ChaosTrial.sh("chmod 1777 " + metrics); // as an administrator makes it: every job user writes here
        List<Sim> sims = new ArrayList<>();
        List<Callable<Emulator.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Sim sim = new Sim(Files.createDirectories(tmp.resolve("job" + i)));
            sim.config.put("METRICS_DIR", metrics.toString());
            sim.env.put("ORUN_RESTART_LIMIT", "2");
            if (i == 2) {
                sim.user = java.util.Optional.of(Sim.USER); // another user: a file of its own
            }
            sims.add(sim);
            String[] job = sim.counter(30, 7);
            runs.add(() -> sim.run(4, Duration.ofSeconds(90), job));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Emulator.Result>> results = pool.invokeAll(runs);
        pool.shutdown();
        List<Map<String, Object>> rootEvents = new ArrayList<>();
        List<Map<String, Object>> userEvents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Emulator.Result r = results.get(i).get(2, TimeUnit.MINUTES);
            assertEquals(
                    7,
                    r.exitCode(),
                    "job " + i + " was checkpointed, restored and finished: "
                            + sims.get(i).log(102));
            (i == 2 ? userEvents : rootEvents)
                    .addAll(sims.get(i).events(r.jobIds().get(r.jobIds().size() - 1)));
        }
        Path rootFile = metrics.resolve("lsf_criu_root.prom");
        Path userFile = metrics.resolve("lsf_criu_" + Sim.USER + ".prom");
        for (Path f : List.of(rootFile, userFile)) {
            assertTrue(
                    Files.isRegularFile(f),
                    f + " exists: " + List.of(metrics.toFile().list()));
            promtool(f, "check", "metrics");
        }
        check(Files.readString(rootFile), "root", 2, rootEvents);
        check(Files.readString(userFile), Sim.USER, 1, userEvents);
    }

    /** The file's counts are those of the events: checkpoints, restores, restarts, bytes. */
    private static void check(String text, String user, int jobs, List<Map<String, Object>> events) {
        long done = count(events, "checkpoint_done");
        assertTrue(done >= jobs, "every job was checkpointed: " + events);
        assertEquals(done, sample(text, "lsf_criu_checkpoints_total{outcome=\"done\",user=\"" + user + "\"}"), text);
        assertEquals(
                count(events, "restored"),
                sample(text, "lsf_criu_restores_total{outcome=\"done\",user=\"" + user + "\"}"),
                text);
        assertEquals(
                count(events, "restart_submitted"),
                sample(text, "lsf_criu_restarts_total{outcome=\"submitted\",user=\"" + user + "\"}"),
                text);
        long bytes = events.stream()
                .filter(e -> "checkpoint_done".equals(e.get("event")))
                .mapToLong(e -> ((Number) e.get("image_bytes")).longValue())
                .sum();
        assertEquals(bytes, sample(text, "lsf_criu_dump_bytes_total{user=\"" + user + "\"}"), text);
        assertTrue(sample(text, "lsf_criu_restore_seconds_total{user=\"" + user + "\"}") > 0, text);
        assertTrue(
                sample(text, "lsf_criu_last_checkpoint_success_timestamp_seconds{user=\"" + user + "\"}")
                        > System.currentTimeMillis() / 1000.0 - 600,
                text);
    }

    /**
     * The image's alerting rules ({@code examples/lsf-criu-alerts.yml}) against the file a real run writes:
     * a job checkpointed at its limit whose restore then fails (an injected criu failure). The file as it was
     * when the restarted job started, and as it is at the end, become promtool's input series:
     * {@code LsfCriuRestoreFailed} fires on this host's first failed restore, because the series was in the file
     * at 0 from its first write (the same series appearing only with the failure fires nothing: the test file's
     * second case). {@code promtool check rules} accepts the rules.
     */
    @Test
    void theShippedRestoreAlertFiresOnAHostsFirstFailedRestore() throws Exception {
        Path metrics = Files.createDirectories(tmp.resolve("textfile"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        ChaosTrial.sh("chmod 1777 " + metrics);
        Sim sim = new Sim(Files.createDirectories(tmp.resolve("job")));
        sim.config.put("METRICS_DIR", metrics.toString());
        sim.env.put("ORUN_RESTART_LIMIT", "1");
        sim.fakeCriu(
                "case \"$1\" in restore) echo 'Error (criu/cr-restore.c:1): injected restore failure' >&2; exit 1 ;;"
                        + " *) exec " + RacesIT.REAL_CRIU + " \"$@\" ;; esac");
        Path file = metrics.resolve("lsf_criu_root.prom");
        String series = "lsf_criu_restores_total{outcome=\"failed\",reason=\"criu_failed\",user=\"root\"}";
        List<String> before = new ArrayList<>();
        sim.listener = e -> {
            if (e.what().equals("restarted job start")) {
                try {
                    before.add(Files.readString(file));
                } catch (java.io.IOException x) {
                    before.add("");
                }
            }
        };
        Emulator.Result r = sim.run(3, Duration.ofSeconds(60), sim.counter(300, 0));
        assertEquals(1 << 8, r.waitStatus(), "the restore failed: " + sim.log(102));
        assertEquals(1, before.size(), "the file was read as the restarted job started");
        String after = Files.readString(file);
        assertTrue(before.get(0).contains(series + " 0\n"), "the series is there at 0 before: " + before.get(0));
        assertTrue(after.contains(series + " 1\n"), "and 1 after: " + after);
        Path rules =
                RuntimeImageIT.IMAGE.resolve("examples/lsf-criu-alerts.yml").toAbsolutePath();
        promtool(null, "check", "rules", rules.toString());
        String test = new String(
                        MetricsIT.class.getResourceAsStream("alerts-test.yml").readAllBytes(), StandardCharsets.UTF_8)
                .replace("@RULES@", rules.toString())
                .replace("@BEFORE@", Long.toString((long) sample(before.get(0), series)))
                .replace("@AFTER@", Long.toString((long) sample(after, series)));
        Path testFile = Files.writeString(tmp.resolve("alerts-test.yml"), test);
        promtool(null, "test", "rules", testFile.toString());
    }

    /** Runs promtool (on {@code input} as its stdin, when not null) and asserts it accepts. */
    private static void promtool(Path input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PROMTOOL));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool ended");
        assertEquals(
                0,
                p.exitValue(),
                "promtool " + String.join(" ", args) + (input == null ? "" : " on " + input) + ": " + out
                        + (input == null ? "" : "\n" + Files.readString(input)));
    }

    private static long count(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("event"))).count();
    }

    private static double sample(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return 0;
    }
}
