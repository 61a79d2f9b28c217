package hooks.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import lsf.env.CommandResult;
import lsf.env.LsfCommandLine;
import lsf.env.LsfCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LSF's commands run through the toolkit's process runner, against scripts standing in for them. */
class LsfCommandRunnerTest {
    @TempDir
    Path bin;

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private LsfCommandLine lsf(Duration timeout) {
        return new LsfCommandLine(bin, timeout, new LsfCommandRunner());
    }

    @Test
    void bchkpntGetsItsArgumentsAndItsFailureIsAResult() throws IOException {
        script("bchkpnt", "echo \"$@\" > " + bin.resolve("args") + "; echo 'Job is not checkpointable' >&2; exit 255");
        CommandResult r = lsf(Duration.ofSeconds(10)).checkpointAndKill(42);
        assertEquals("-k 42", Files.readString(bin.resolve("args")).strip());
        assertEquals(255, r.exitStatus());
        assertFalse(r.succeeded());
        assertTrue(r.describe().endsWith("bchkpnt -k 42 exited 255: Job is not checkpointable"), r.describe());
    }

    @Test
    void brestartReturnsTheNewJobId() throws IOException {
        script("brestart", "echo \"Job <10> is submitted to queue <chk>.\"");
        LsfCommands.RestartSubmission r = lsf(Duration.ofSeconds(10)).restart(Path.of("/scratch/chk"), 9);
        assertEquals(OptionalLong.of(10), r.newJobId());
        assertEquals(
                List.of(bin.resolve("brestart").toString(), "/scratch/chk", "9"),
                r.result().command());
    }

    @Test
    void aHangingCommandIsKilledAtItsTimeout() throws IOException {
        script("bchkpnt", "sleep 30");
        long start = System.nanoTime();
        CommandResult r = lsf(Duration.ofMillis(500)).checkpointAndKill(1);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "not killed in time");
        assertTrue(r.timedOut() && !r.succeeded(), r.describe());
        assertTrue(r.describe().contains("timed out and was killed"), r.describe());
    }

    @Test
    void aCommandFloodingStderrDoesNotBlock() throws IOException {
        script("bchkpnt", "head -c 3000000 /dev/zero | tr '\\0' x >&2; echo done");
        CommandResult r = lsf(Duration.ofSeconds(20)).checkpointAndKill(1);
        assertTrue(r.succeeded(), r.describe());
        assertEquals("done", r.stdout().strip());
    }

    @Test
    void aMissingCommandIsExit127() {
        CommandResult r = lsf(Duration.ofSeconds(5)).checkpointAndKill(1);
        assertEquals(127, r.exitStatus());
    }

    @Test
    void theBinDirectoryComesFromTheConfigurationOrFromTheProfile() throws IOException {
        Path profile = bin.resolve("profile.lsf");
        Files.writeString(profile, "LSF_BINDIR=/opt/lsf/10.1/bin; export LSF_BINDIR\necho noise\n");
        LsfCommandRunner runner = new LsfCommandRunner();
        Duration t = Duration.ofSeconds(10);
        assertEquals(Optional.of(Path.of("/x/bin")), LsfCommandLine.binDir("/x/bin", profile.toString(), runner, t));
        assertEquals(
                Optional.of(Path.of("/opt/lsf/10.1/bin")), LsfCommandLine.binDir("", profile.toString(), runner, t));
        assertEquals(Optional.empty(), LsfCommandLine.binDir("", "", runner, t));
        assertEquals(
                Optional.empty(), LsfCommandLine.binDir("", bin.resolve("none").toString(), runner, t));
    }
}
