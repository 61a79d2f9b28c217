package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateCodecTest {
    static final String SEED_V1 =
            "{\"version\": \"V1\", \"job_id\": 1022, \"timestamp\": 1689766404, \"chkpnt_state\": 1,"
                    + " \"overrun_restarts\": 2, \"should_restart\": true,"
                    + " \"summary_info\": [{\"id\": 1021, \"start_time\": 1689765619, \"runtime\": 115}]}";

    @Test
    void readsTheSeedsV1FileWithItsMeaning() {
        CheckpointState s = StateCodec.read("f", SEED_V1);
        assertEquals("V1", s.version());
        assertEquals(1022, s.jobId());
        assertEquals(1689766404L, s.timestamp());
        assertEquals(CheckpointPhase.NONE, s.phase());
        assertEquals(2, s.overrunRestarts());
        assertTrue(s.shouldRestart());
        assertEquals(List.of(RunRecord.of(1021, 1689765619L, 115)), s.runs());
        assertEquals(1021, s.firstJobId(), "the first run names the summary file");
        assertEquals(Optional.empty(), s.lastError());
    }

    @Test
    void writesV2ThatKeepsEveryV1KeyAndReadsBackEqual() {
        CheckpointState s = StateCodec.read("f", SEED_V1);
        String json = StateCodec.write(s);
        for (String key : List.of(
                "\"version\" : \"V2\"",
                "\"job_id\" : 1022",
                "\"timestamp\" : 1689766404",
                "\"chkpnt_state\" : 1",
                "\"overrun_restarts\" : 2",
                "\"should_restart\" : true",
                "\"summary_info\"",
                "\"id\" : 1021",
                "\"start_time\" : 1689765619",
                "\"runtime\" : 115",
                "\"first_job_id\" : 1021")) {
            assertTrue(json.contains(key), key + " missing from " + json);
        }
        CheckpointState back = StateCodec.read("f", json);
        assertEquals(
                new CheckpointState(
                        "V2", 1022, 1021, 1689766404L, CheckpointPhase.NONE, 2, true, s.runs(), Optional.empty()),
                back);
    }

    @Test
    void theV2HistoryRoundTrips() {
        RunRecord run = new RunRecord(
                7,
                100,
                50,
                Optional.of("node1"),
                OptionalLong.of(150),
                Optional.of("checkpointed"),
                Map.of("frozen_time_us", 15093L, "pages_written", 103L));
        CheckpointState s = new CheckpointState(
                "V2", 8, 7, 160, CheckpointPhase.STARTED, 1, false, List.of(run), Optional.of("criu dump timed out"));
        assertEquals(s, StateCodec.read("f", StateCodec.write(s)));
    }

    @Test
    void aPythonFloatTimestampIsAccepted() {
        CheckpointState s = StateCodec.read("f", SEED_V1.replace("1689766404", "1689766404.73"));
        assertEquals(1689766404L, s.timestamp());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``|f is not valid JSON: no content",
                "{\"version\": \"V1\", \"job_id\": 1|f is not valid JSON: unexpected end of input at line 1, column 30",
                "{\"version\": \"V1\", \"version\": \"V2\"}|f is not valid JSON: key 'version' given twice at line 1, column 34",
                "{\"version\": \"V1\"} {}|f is not valid JSON: unexpected text after the document at line 1, column 19",
                "[1,2]|f is not a JSON object",
                "42|f is not a JSON object",
                "{}|f: missing key 'version'",
                "{\"version\": 1}|f: 'version' is 1, not a string",
                "{\"version\": \"V9\", \"job_id\": 1, \"chkpnt_state\": 1}|f: unknown state version 'V9' (this lsf-criu reads V1 and V2)",
                "{\"version\": \"v1\", \"job_id\": 1, \"chkpnt_state\": 1}|f: unknown state version 'v1' (this lsf-criu reads V1 and V2)",
                "{\"version\": \"V1\", \"chkpnt_state\": 1}|f: missing key 'job_id'",
                "{\"version\": \"V1\", \"job_id\": \"1022\", \"chkpnt_state\": 1}|f: 'job_id' is \"1022\", not a whole number",
                "{\"version\": \"V1\", \"job_id\": 0, \"chkpnt_state\": 1}|f: 'job_id' is 0, outside 1..9223372036854775807",
                "{\"version\": \"V1\", \"job_id\": -5, \"chkpnt_state\": 1}|f: 'job_id' is -5, outside 1..9223372036854775807",
                "{\"version\": \"V1\", \"job_id\": 1}|f: missing key 'chkpnt_state'",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 3}|f: chkpnt_state 3 is none of 1 (NONE), 2 (STARTED), 4 (FAILED), 8 (SUCCESS)",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": \"8\"}|f: 'chkpnt_state' is \"8\", not a whole number",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"overrun_restarts\": -1}|f: 'overrun_restarts' is -1, outside 0..2147483647",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"overrun_restarts\": true}|f: 'overrun_restarts' is true, not a whole number",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"should_restart\": \"yes\"}|f: 'should_restart' is \"yes\", not true or false",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"timestamp\": -1}|f: 'timestamp' is -1, outside 0..9223372036854775807",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"summary_info\": {}}|f: 'summary_info' is {}, not a list",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"summary_info\": [5]}|f: an entry of 'summary_info' is 5, not an object",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"summary_info\": [{\"start_time\": 1}]}|f summary_info: missing key 'id'",
                "{\"version\": \"V1\", \"job_id\": 1, \"chkpnt_state\": 1, \"summary_info\": [{\"id\": 2, \"runtime\": -3}]}|f summary_info: 'runtime' is -3, outside 0..9223372036854775807",
                "{\"version\": \"V2\", \"job_id\": 1, \"chkpnt_state\": 1, \"summary_info\": [{\"id\": 2, \"checkpoint\": {\"pages\": \"many\"}}]}|f summary_info: checkpoint figure pages=many is not a number",
                "{\"version\": \"V2\", \"job_id\": 1, \"chkpnt_state\": 1, \"first_job_id\": 0}|f: 'first_job_id' is 0, outside 1..9223372036854775807",
                "{\"version\": \"V2\", \"job_id\": 1, \"chkpnt_state\": 1, \"last_error\": 5}|f: 'last_error' is 5, not a string",
            })
    void eachMalformedStateGivesItsMessage(String json, String message) {
        StateFileException e = assertThrows(StateFileException.class, () -> StateCodec.read("f", json));
        assertEquals(message, e.getMessage());
    }
}
