package lsf.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {
    static Map<String, String> terminateEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("LSB_JOBID", "5857");
        env.put("LSB_JOBINDEX", "0");
        env.put("LSB_CHKPNT_DIR", "/scratch/chk//5857");
        env.put("LSB_JOBPGIDS", "5857 ");
        env.put("LSB_JOBPIDS", "5857 5866 5867 ");
        env.put("LSB_SUSP_REASONS", "131072");
        env.put("LSB_SUSP_SUBREASONS", "1");
        env.put("LS_EXEC_T", "JOB_CONTROLS");
        env.put("ENABLE_ORUN_CHKPNT", "Y");
        env.put("ENABLE_ORUN_RESTART", "Y");
        return env;
    }

    @Test
    void readsTheTerminateActionsEnvironmentAsVolclavaSetsIt() {
        JobEnvironment env = JobEnvironment.of(terminateEnvironment());
        assertEquals(OptionalLong.of(5857), env.jobId());
        assertEquals(List.of(5857L), env.jobPgids());
        assertEquals(List.of(5857L, 5866L, 5867L), env.jobPids());
        assertEquals(Optional.of(Path.of("/scratch/chk//5857")), env.checkpointDir());
        assertTrue(env.isRunLimitKill());
        assertFalse(env.isArrayElement());
        assertTrue(env.knobs().checkpointOnOverrun());
        assertTrue(env.knobs().restartOnOverrun());
        assertEquals(Optional.of("JOB_CONTROLS"), env.execType());
        assertEquals(List.of(), env.errors());
        assertEquals(List.of(), env.warnings());
    }

    @Test
    void runLimitIsDetectedByBitsNotByEquality() {
        Map<String, String> raw = terminateEnvironment();
        raw.put("LSB_SUSP_REASONS", Long.toString(LsfConstants.SUSP_RES_LIMIT | LsfConstants.SUSP_LOAD_REASON));
        raw.put(
                "LSB_SUSP_SUBREASONS",
                Long.toString(LsfConstants.SUB_REASON_RUNLIMIT | LsfConstants.SUB_REASON_MEMLIMIT));
        assertTrue(JobEnvironment.of(raw).isRunLimitKill());
        raw.put("LSB_SUSP_SUBREASONS", Long.toString(LsfConstants.SUB_REASON_MEMLIMIT));
        assertFalse(JobEnvironment.of(raw).isRunLimitKill());
        raw.put("LSB_SUSP_REASONS", "2");
        raw.put("LSB_SUSP_SUBREASONS", "0");
        assertFalse(JobEnvironment.of(raw).isRunLimitKill(), "a user bkill");
    }

    @Test
    void emptyAndMissingListsAreEmpty() {
        Map<String, String> raw = terminateEnvironment();
        raw.put("LSB_JOBPGIDS", "");
        raw.remove("LSB_JOBPIDS");
        JobEnvironment env = JobEnvironment.of(raw);
        assertEquals(List.of(), env.jobPgids());
        assertEquals(List.of(), env.jobPids());
        assertEquals(List.of(), env.errors());
    }

    @Test
    void malformedListEntriesAreDroppedAndTheRestKept() {
        Map<String, String> raw = terminateEnvironment();
        raw.put("LSB_JOBPIDS", "12 x13 14");
        JobEnvironment env = JobEnvironment.of(raw);
        assertEquals(List.of(12L, 14L), env.jobPids());
        assertEquals(List.of("LSB_JOBPIDS='x13' is not a whole number"), env.errors());
    }

    @Test
    void severalHostsAreDetectedFromEitherVariable() {
        Map<String, String> raw = terminateEnvironment();
        raw.put("LSB_HOSTS", "hostA hostA hostA");
        assertFalse(JobEnvironment.of(raw).spansSeveralHosts());
        raw.put("LSB_HOSTS", "hostA hostA hostB");
        assertTrue(JobEnvironment.of(raw).spansSeveralHosts());
        raw.remove("LSB_HOSTS");
        raw.put("LSB_MCPU_HOSTS", "hostA 4 hostB 2 ");
        assertTrue(JobEnvironment.of(raw).spansSeveralHosts());
        raw.put("LSB_MCPU_HOSTS", "hostA 4");
        assertFalse(JobEnvironment.of(raw).spansSeveralHosts());
    }

    @Test
    void postExecAndRestartVariables() {
        Map<String, String> raw = new HashMap<>();
        raw.put("LSB_JOBID", "10");
        raw.put("LSB_RESTART", "Y");
        raw.put("LSB_OLD_JOBID", "9");
        raw.put("LSB_JOBEXIT_STAT", "1792");
        raw.put("LSB_OUTPUTFILE", "/home/u/job.out");
        raw.put("LSB_INTERACTIVE", "Y");
        raw.put("LSB_JOBINDEX", "3");
        JobEnvironment env = JobEnvironment.of(raw);
        assertTrue(env.isRestart());
        assertEquals(OptionalLong.of(9), env.oldJobId());
        assertEquals(OptionalLong.of(1792), env.jobExitStatus());
        assertEquals(Optional.of("/home/u/job.out"), env.outputFile());
        assertTrue(env.isInteractive());
        assertTrue(env.isArrayElement());
        assertFalse(env.knobs().checkpointOnOverrun());
    }

    @Test
    void userKnobsAreReadAndBadOnesBecomeWarningsNotErrors() {
        Map<String, String> raw = terminateEnvironment();
        raw.put("ORUN_RESTART_LIMIT", "5");
        raw.put("ORUN_TIMEOUT_SECONDS", "abc");
        raw.put("ORUN_KILL_POLL_TRIES", " 7 ");
        JobEnvironment env = JobEnvironment.of(raw);
        assertEquals(OptionalLong.of(5), env.knobs().restartLimit());
        assertEquals(OptionalLong.empty(), env.knobs().timeoutSeconds());
        assertEquals(OptionalLong.of(7), env.knobs().killPollTries());
        assertEquals(List.of("ORUN_TIMEOUT_SECONDS='abc' is not a whole number"), env.warnings());
        assertEquals(List.of(), env.errors());
    }
}
