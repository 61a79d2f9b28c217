package lsf.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed environment values, each with the exact message it must give. */
class MalformedEnvironmentTest {
    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "LSB_JOBID|abc|error|LSB_JOBID='abc' is not a whole number",
                "LSB_JOBID|-4|error|LSB_JOBID='-4' is below 1",
                "LSB_JOBID|0|error|LSB_JOBID='0' is below 1",
                "LSB_JOBID|99999999999999999999|error|LSB_JOBID='99999999999999999999' is too large",
                "LSB_JOBID|4294967296|error|LSB_JOBID='4294967296' is too large (at most 2147483647)",
                "LSB_JOBID|12.5|error|LSB_JOBID='12.5' is not a whole number",
                "LSB_JOBINDEX|one|error|LSB_JOBINDEX='one' is not a whole number",
                "LSB_JOBINDEX|-1|error|LSB_JOBINDEX='-1' is negative",
                "LSB_SUSP_REASONS|0x20000|error|LSB_SUSP_REASONS='0x20000' is not a whole number",
                "LSB_SUSP_REASONS|-131072|error|LSB_SUSP_REASONS='-131072' is negative",
                "LSB_SUSP_SUBREASONS|RUNLIMIT|error|LSB_SUSP_SUBREASONS='RUNLIMIT' is not a whole number",
                "LSB_JOBPGIDS|5857,5866|error|LSB_JOBPGIDS='5857,5866' is not a whole number",
                "LSB_JOBPIDS|-12|error|LSB_JOBPIDS='-12' is below 2",
                "LSB_OLD_JOBID|old|error|LSB_OLD_JOBID='old' is not a whole number",
                "LSB_JOBEXIT_STAT|65536|error|LSB_JOBEXIT_STAT='65536' is too large (at most 65535)",
                "LSB_JOBEXIT_STAT|exit 7|error|LSB_JOBEXIT_STAT='exit 7' is not a whole number",
                "LSB_INTERACTIVE|maybe|error|LSB_INTERACTIVE='maybe' is neither Y nor N; taken as N",
                "LSB_RESTART|YES PLEASE|error|LSB_RESTART='YES PLEASE' is neither Y nor N; taken as N",
                "ORUN_RESTART_LIMIT|abc|warning|ORUN_RESTART_LIMIT='abc' is not a whole number",
                "ORUN_RESTART_LIMIT|-1|warning|ORUN_RESTART_LIMIT='-1' is negative",
                "ORUN_RESTART_LIMIT|1e3|warning|ORUN_RESTART_LIMIT='1e3' is not a whole number",
                "ORUN_RESTART_LIMIT|99999999999999999999999|warning|ORUN_RESTART_LIMIT='99999999999999999999999' is too large:"
                        + " taken as 1000000000",
                "ORUN_RESTART_LIMIT|5000000000|warning|ORUN_RESTART_LIMIT='5000000000' is too large: taken as 1000000000",
                "ORUN_TIMEOUT_SECONDS|99999999999999999999999|warning|ORUN_TIMEOUT_SECONDS='99999999999999999999999' is too"
                        + " large: taken as 1000000000",
                "ORUN_TIMEOUT_SECONDS|0|warning|ORUN_TIMEOUT_SECONDS='0' is below 1",
                "ORUN_TIMEOUT_SECONDS|3m|warning|ORUN_TIMEOUT_SECONDS='3m' is not a whole number",
                "ORUN_TIMEOUT_SECONDS|-180|warning|ORUN_TIMEOUT_SECONDS='-180' is below 1",
                "ORUN_KILL_POLL_TRIES|ten|warning|ORUN_KILL_POLL_TRIES='ten' is not a whole number",
                "ORUN_KILL_POLL_TRIES|0|warning|ORUN_KILL_POLL_TRIES='0' is below 1",
                "ENABLE_ORUN_CHKPNT|sure|warning|ENABLE_ORUN_CHKPNT='sure' is neither Y nor N; taken as N",
                "ENABLE_ORUN_RESTART|2|warning|ENABLE_ORUN_RESTART='2' is neither Y nor N; taken as N",
            })
    void eachMalformedValueGivesItsMessage(String name, String value, String kind, String message) {
        JobEnvironment env = JobEnvironment.of(Map.of(name, value));
        List<String> expectedErrors = kind.equals("error") ? List.of(message) : List.of();
        List<String> expectedWarnings = kind.equals("warning") ? List.of(message) : List.of();
        assertEquals(expectedErrors, env.errors());
        assertEquals(expectedWarnings, env.warnings());
    }
}
