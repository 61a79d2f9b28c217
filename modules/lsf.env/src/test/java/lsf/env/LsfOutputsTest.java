package lsf.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LsfOutputsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Job <10> is submitted to queue <chk>.|10",
                "Job <1234567> is submitted to default queue <normal>.|1234567",
            })
    void brestartPrintsTheNewJobId(String output, long id) {
        assertEquals(OptionalLong.of(id), LsfOutputs.submittedJobId(output));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"Job is not checkpointable", "''", "Job <abc> is submitted"})
    void noJobIdWhenBrestartPrintsNone(String output) {
        assertEquals(OptionalLong.empty(), LsfOutputs.submittedJobId(output));
    }
}
