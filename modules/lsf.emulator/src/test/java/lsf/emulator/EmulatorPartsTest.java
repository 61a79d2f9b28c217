package lsf.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's pure parts and its LSF commands, without a job. */
class EmulatorPartsTest {
    @TempDir
    Path tmp;

    @Test
    void theJobFileHasLsfsShape() {
        String text =
                JobFile.text(Map.of("LSB_JOBID", "101", "ODD", "it's"), JobFile.userCommand("./a.out 1", "/s/starter"));
        assertEquals(
                String.join(
                        "\n",
                        "#! /bin/sh",
                        "",
                        "LSB_JOBID='101'; export LSB_JOBID",
                        "ODD='it'\\''s'; export ODD",
                        "$LSB_TRAPSIGS",
                        "# LSBATCH: User input",
                        "/s/starter './a.out 1'",
                        "ExitStat=$?",
                        "# LSBATCH: End user input",
                        "exit $ExitStat",
                        ""),
                text);
        assertEquals("./a.out 1", JobFile.userCommand("./a.out 1", ""));
    }

    @Test
    void waitStatusesAsLsfReportsThem() {
        assertEquals(1792, Children.waitStatus(7));
        assertEquals(9, Children.waitStatus(137));
        assertEquals("exited 7", Children.describe(1792));
        assertEquals("killed by signal 9", Children.describe(9));
        assertEquals(7, new Emulator.Result(1792, List.of(1L), null).exitCode());
        assertEquals(130, new Emulator.Result(2, List.of(1L), null).exitCode());
    }

    @Test
    void commandLinesAreQuotedForTheShell() {
        assertEquals(
                "/bin/echo 'a b' plain 'it'\\''s'", JobSpec.commandLine(List.of("/bin/echo", "a b", "plain", "it's")));
    }

    String run(Path bin, String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.command().set(0, bin.resolve(argv[0]).toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return p.exitValue() + " " + out.strip();
    }

    @Test
    void theLsfCommandsAnswerAsLsfDoes() throws Exception {
        Path bin = Emulator.install(tmp.resolve("lsf"));
        Path spool = tmp.resolve("lsf/spool");
        assertEquals("255 Job <5>: Job is not checkpointable", run(bin, "bchkpnt", "-k", "5"));
        Files.writeString(spool.resolve("jobs/5.checkpointable"), "");
        assertEquals("0 Job <5> is being checkpointed", run(bin, "bchkpnt", "-k", "5"));
        try (var req = Files.list(spool.resolve("req"))) {
            Path r = req.filter(p -> p.toString().endsWith(".bchkpnt"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("5 1", Files.readString(r).strip());
        }
        assertEquals(
                "0 {\"COMMAND\":\"bjobs\",\"JOBS\":1,\"RECORDS\":[{\"JOBID\":\"6\",\"ERROR\":\"Job <6> is not found\"}]}",
                run(bin, "bjobs", "-o", "pids", "-json", "6"));
        Files.writeString(spool.resolve("jobs/5.json"), "{\"JOBID\":\"5\",\"STAT\":\"RUN\"}\n");
        assertEquals(
                "0 {\"COMMAND\":\"bjobs\",\"JOBS\":2,\"RECORDS\":[{\"JOBID\":\"5\",\"STAT\":\"RUN\"},"
                        + "{\"JOBID\":\"6\",\"ERROR\":\"Job <6> is not found\"}]}",
                run(bin, "bjobs", "-a", "-json", "-o", "jobid stat", "5", "6"));
        assertEquals("255 Job <6>: No matching job found", run(bin, "bkill", "6"));
    }

    /**
     * The job file's shell catches what sbatchd's LSB_TRAPSIGS names with a no-op, as OpenLava's does:
     * SIGUSR2 (the run-limit warning), SIGINT and SIGTERM reach the user's command, and the job ends
     * with the command's own status.
     */
    @Test
    void theJobFilesShellPassesLsfsSignalsToTheCommand() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("jobfile", ".sh");
        java.nio.file.Files.writeString(
                file,
                JobFile.text(
                        Map.of("LSB_TRAPSIGS", JobFile.TRAPSIGS),
                        "/bin/sh -c 'trap \"exit 5\" USR2; sleep 30 & wait'"));
        Process p = new ProcessBuilder("setsid", "/bin/sh", file.toString()).start();
        Thread.sleep(500);
        new ProcessBuilder("kill", "-s", "USR2", "--", "-" + p.pid()).start().waitFor();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(5, p.exitValue(), "the command's own status, not the shell's death by SIGUSR2");
        new ProcessBuilder("kill", "-s", "KILL", "--", "-" + p.pid()).start().waitFor(); // the command's sleep
        java.nio.file.Files.delete(file);
    }
}
