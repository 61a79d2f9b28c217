package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import checkpoint.store.Decision;
import checkpoint.store.RestartPolicy;
import checkpoint.store.StateSnapshot;
import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.LsfConstants;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.SourceDSL;

/**
 * The TERMINATE launcher's shell fast path ({@code jlink/scripts/terminate-fast-path.sh}) against
 * {@link RestartPolicy#onTerminate}: whatever the shell decides on its own, the Java rules decide
 * too, with the same reason; what it cannot decide it leaves to Java. Each example runs the real
 * fragment in {@code /bin/sh}.
 */
class TerminateFastPathParityTest {
    static final List<String> FLAGS =
            List.of("", "Y", "y", "yes", "YES", "true", "1", "N", "n", "no", "false", "0", "maybe", " Y ", "N ");
    static final List<String> REASONS = List.of(
            "0",
            "2",
            "131072",
            "131074",
            "131136",
            "0131072",
            "00",
            "abc",
            "",
            "99999999999999999999",
            "131072:1",
            Long.toString(LsfConstants.SUSP_RES_LIMIT | LsfConstants.SUSP_QUEUE_WINDOW));
    static final List<String> SUBREASONS = List.of("0", "1", "3", "16", "17", "01", "x", "", "8", "1:0");

    @TempDir
    Path tmp;

    static Path fragment() {
        return script("terminate-fast-path.sh");
    }

    /** A script of {@code jlink/scripts}, found from the build's directory up. */
    static Path script(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("jlink/scripts").resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalStateException(
                "no jlink/scripts/terminate-fast-path.sh above " + Path.of("").toAbsolutePath());
    }

    /** The shell's decision: the reason it killed the job for, or empty when it left the decision to Java. */
    Optional<String> shell(Map<String, String> env) throws IOException {
        Path chk = Files.createDirectories(tmp.resolve("chk"));
        Files.deleteIfExists(chk.resolve(JobLog.LOG));
        Path image = Files.createDirectories(tmp.resolve("image/conf"));
        Files.writeString(image.resolve("lsf-criu.conf"), "JOB_TERMINATE_INTERVAL=1\n" + queuesLine);
        Map<String, String> all = new HashMap<>(env);
        all.put("PATH", "/usr/bin:/bin");
        all.put("LSB_JOBID", "42");
        all.put("LSB_CHKPNT_DIR", chk.toString());
        CriuResult r = ChildProcess.run(
                List.of(
                        "/bin/sh",
                        "-c",
                        "h=$1; f=$2; l=$3; shift 3; p=lsf-criu-terminate; . \"$l\"; . \"$f\"; echo TO-JAVA",
                        "sh",
                        tmp.resolve("image").toString(),
                        fragment().toString(),
                        script("lsf-criu-lib.sh").toString()),
                all,
                Duration.ofSeconds(20),
                Optional.empty());
        assertEquals(0, r.exitStatus(), r.describe());
        if (r.stdout().contains("TO-JAVA")) {
            return Optional.empty();
        }
        String log = Files.readString(chk.resolve(JobLog.LOG));
        String marker = "decision KILL_NORMALLY: ";
        assertTrue(log.contains(marker), log);
        return Optional.of(log.substring(log.indexOf(marker) + marker.length())
                .lines()
                .findFirst()
                .orElseThrow());
    }

    /** The DEFAULT_OPT_IN_QUEUES line both sides read ("" for none). */
    String queuesLine = "";

    Decision java(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("LSB_JOBID", "42");
        all.put("LSB_CHKPNT_DIR", "/chk/42");
        Map<String, String> conf = new HashMap<>(Map.of("JOB_TERMINATE_INTERVAL", "1"));
        if (!queuesLine.isEmpty()) {
            conf.put(
                    "DEFAULT_OPT_IN_QUEUES",
                    queuesLine.substring(queuesLine.indexOf('=') + 1).strip());
        }
        return RestartPolicy.onTerminate(
                StateSnapshot.none(), JobEnvironment.of(all), SiteConfig.of("test", conf), 1_700_000_000L);
    }

    static final List<String> QUEUE_LINES = List.of(
            "",
            "DEFAULT_OPT_IN_QUEUES=long,week\n",
            "DEFAULT_OPT_IN_QUEUES= week \t long\n",
            "DEFAULT_OPT_IN_QUEUES=\n");
    static final List<String> QUEUES = List.of("", "long", "week", "short", "lon");

    static Map<String, String> env(String optIn, String reasons, String sub) {
        return Map.of("ENABLE_ORUN_CHKPNT", optIn, "LSB_SUSP_REASONS", reasons, "LSB_SUSP_SUBREASONS", sub);
    }

    @Test
    void whatTheShellDecidesJavaDecidesWithTheSameReason() {
        qt().withExamples(120)
                .forAll(
                        SourceDSL.integers().between(0, FLAGS.size() - 1),
                        SourceDSL.integers().between(0, REASONS.size() - 1),
                        SourceDSL.integers().between(0, SUBREASONS.size() - 1),
                        SourceDSL.integers().between(0, QUEUE_LINES.size() * QUEUES.size() - 1))
                .checkAssert((f, r, s, q) -> {
                    Map<String, String> env = new HashMap<>(env(FLAGS.get(f), REASONS.get(r), SUBREASONS.get(s)));
                    queuesLine = QUEUE_LINES.get(q / QUEUES.size());
                    if (!QUEUES.get(q % QUEUES.size()).isEmpty()) {
                        env.put("LSB_QUEUE", QUEUES.get(q % QUEUES.size()));
                    }
                    Optional<String> shell;
                    try {
                        shell = shell(env);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    if (shell.isPresent()) {
                        Decision d = java(env);
                        assertEquals(
                                Decision.Action.KILL_NORMALLY, d.action(), env + ": the shell killed, Java would not");
                        assertEquals(d.reason(), shell.get(), env.toString());
                    }
                });
    }

    @Test
    void aJobOfADefaultOptInQueueIsLeftToJavaWhichCheckpointsItUnlessItOptsOut() throws IOException {
        queuesLine = "DEFAULT_OPT_IN_QUEUES=long,week\n";
        Map<String, String> inLong = new HashMap<>(env("", "131072", "1"));
        inLong.put("LSB_QUEUE", "long");
        assertEquals(Optional.empty(), shell(inLong));
        assertEquals(Decision.Action.REQUEST_CHECKPOINT, java(inLong).action());
        inLong.put("ENABLE_ORUN_CHKPNT", "N");
        assertEquals(Optional.of("job opted out (ENABLE_ORUN_CHKPNT is N)"), shell(inLong));
        Map<String, String> inShort = new HashMap<>(env("", "131072", "1"));
        inShort.put("LSB_QUEUE", "short");
        assertEquals(Optional.of("job did not opt in (ENABLE_ORUN_CHKPNT is not Y)"), shell(inShort));
    }

    @Test
    void theShellDecidesTheCommonCasesAndLeavesAnOptedInRunLimitKillToJava() throws IOException {
        assertEquals(Optional.empty(), shell(env("Y", "131072", "1")));
        assertEquals(
                Decision.Action.REQUEST_CHECKPOINT,
                java(env("Y", "131072", "1")).action());
        assertEquals(Optional.of("job did not opt in (ENABLE_ORUN_CHKPNT is not Y)"), shell(env("", "131072", "1")));
        assertEquals(
                Optional.of("not a run-limit kill (LSB_SUSP_REASONS=2, LSB_SUSP_SUBREASONS=0)"),
                shell(env("", "2", "0")),
                "the run limit is checked first, as in Java");
        assertEquals(Optional.empty(), shell(env("Y", "0131072", "1")), "a leading zero is octal to sh: Java decides");
    }

    /** A log line with its variable parts (time, pid, message) replaced: what both halves must share. */
    static String shape(String line) {
        return line.replaceAll("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z", "TIME")
                .replaceAll("\\[\\d+\\]", "[PID]")
                .replaceAll("\"time\":\"[^\"]+\"", "\"time\":T")
                .replaceAll("\"pid\":\\d+", "\"pid\":P")
                .replaceAll(": .*$", ": MESSAGE")
                .replaceAll(",\"reason\":.*$", ",REST");
    }

    @Test
    void theShellWritesTheJobsLogAndEventsAsJobLogDoes() throws IOException {
        shell(env("", "131072", "1"));
        Path chk = tmp.resolve("chk");
        String shellLine =
                Files.readString(chk.resolve(JobLog.LOG)).lines().findFirst().orElseThrow();
        String shellEvent =
                Files.readString(chk.resolve(JobLog.EVENTS)).lines().findFirst().orElseThrow();
        Path javaDir = Files.createDirectories(tmp.resolve("java"));
        JobLog log = new JobLog(
                "lsf-criu-terminate",
                "job 42",
                Optional.of(javaDir),
                JobLog.Fallback.NONE,
                java.time.Clock.systemUTC());
        log.info("decision KILL_NORMALLY: job did not opt in (ENABLE_ORUN_CHKPNT is not Y)");
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("action", "KILL_NORMALLY");
        fields.put("reason", "job did not opt in (ENABLE_ORUN_CHKPNT is not Y)");
        log.event("terminate_decision", fields);
        String javaLine = Files.readString(javaDir.resolve(JobLog.LOG)).strip();
        String javaEvent = Files.readString(javaDir.resolve(JobLog.EVENTS)).strip();
        assertEquals(shape(javaLine), shape(shellLine));
        assertEquals(
                "TIME INFO [PID] lsf-criu-terminate job 42: MESSAGE",
                shape(shellLine),
                "the shape is checked, not blank");
        assertEquals(shape(javaEvent), shape(shellEvent));
        assertTrue(shellEvent.startsWith("{\"time\":\"") && javaEvent.startsWith("{\"time\":\""), shellEvent);
    }

    @Test
    void theRestartCommandWritesTheJobsLogAndEventsAsJobLogDoes() throws IOException {
        Path chk = Files.createDirectories(tmp.resolve("restart"));
        CriuResult r = ChildProcess.run(
                List.of("/bin/sh", script("lsf-criu-restart").toString(), chk.toString(), "5", "/bin/false", "restore"),
                Map.of("PATH", "/usr/bin:/bin", "LSB_JOBID", "43"),
                Duration.ofSeconds(30),
                Optional.empty());
        assertEquals(1, r.exitStatus(), "a restore that failed: " + r.describe());
        String shellLine =
                Files.readString(chk.resolve(JobLog.LOG)).lines().findFirst().orElseThrow();
        String shellEvent =
                Files.readString(chk.resolve(JobLog.EVENTS)).lines().findFirst().orElseThrow();
        Path javaDir = Files.createDirectories(tmp.resolve("java-restart"));
        JobLog log = new JobLog(
                "lsf-criu-restart", "job 43", Optional.of(javaDir), JobLog.Fallback.NONE, java.time.Clock.systemUTC());
        log.error("criu restore failed");
        log.event("restore_failed", new java.util.LinkedHashMap<>(Map.of("reason", "no restored job")));
        assertEquals("TIME ERROR [PID] lsf-criu-restart job 43: MESSAGE", shape(shellLine));
        assertEquals(shape(Files.readString(javaDir.resolve(JobLog.LOG)).strip()), shape(shellLine));
        assertEquals(shape(Files.readString(javaDir.resolve(JobLog.EVENTS)).strip()), shape(shellEvent));
    }
}
