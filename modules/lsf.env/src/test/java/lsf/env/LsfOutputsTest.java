package lsf.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LsfOutputsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Job <10> is submitted to queue <chk>.|10",
        "Job <1234567> is submitted to default queue <normal>.|1234567",
    })
    void brestartPrintsTheNewJobId(String output, long id) {
        assertEquals(OptionalLong.of(id), LsfOutputs.submittedJobId(output));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Job is not checkpointable", "''", "Job <abc> is submitted"})
    void noJobIdWhenBrestartPrintsNone(String output) {
        assertEquals(OptionalLong.empty(), LsfOutputs.submittedJobId(output));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "{\"COMMAND\":\"bjobs\",\"JOBS\":1,\"RECORDS\":[{\"PIDS\":\"123,124\",\"START_TIME\":\"Dec 28 19:56\",\"RUN_TIME\":\"65 second(s)\"}]}|123,124",
        "{\"COMMAND\":\"bjobs\",\"JOBS\":1,\"RECORDS\":[{\"PIDS\":\"\"}]}|''",
        "{\"COMMAND\":\"bjobs\",\"JOBS\":1,\"RECORDS\":[{\"PIDS\":\"-\"}]}|''",
        "\u0001{\"COMMAND\":\"bjobs\",\"JOBS\":1,\"RECORDS\":[{\"PIDS\":\"7\"}]}|7",
    })
    void bjobsPids(String json, String pids) {
        List<Long> expected = pids.isEmpty() ? List.of()
                : java.util.Arrays.stream(pids.split(",")).map(Long::valueOf).toList();
        assertEquals(new JobPids(expected, Optional.empty()), LsfOutputs.bjobsPids(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "{\"COMMAND\":\"bjobs\",\"JOBS\":1,\"RECORDS\":[{\"ERROR\":\"Job <99> is not found\"}]}|bjobs: Job <99> is not found",
        "not json at all|bjobs printed no JSON: not json at all",
        "{\"COMMAND\":\"bjobs\"}|bjobs JSON has no RECORDS list: {\"COMMAND\":\"bjobs\"}",
        "{\"RECORDS\":[]}|bjobs JSON has no job record: {\"RECORDS\":[]}",
        "{\"RECORDS\":[{\"PIDS\":\"12,ab\"}]}|bjobs PIDS '12,ab' has a non-number 'ab'",
    })
    void bjobsErrors(String json, String error) {
        assertEquals(Optional.of(error), LsfOutputs.bjobsPids(json).error());
    }
}
