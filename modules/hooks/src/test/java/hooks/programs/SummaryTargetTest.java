package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the summary's text goes, as a pure function of LSB_OUTPUTFILE and LS_SUBCWD. */
class SummaryTargetTest {
    static final String NAME = "overrun-summary-7.txt";

    @Test
    void nextToAnAbsoluteOutputFileOrARelativeOneReadFromTheJobsWorkingDirectory() {
        assertEquals(
                Optional.of(Path.of("/home/u/out", NAME)),
                SummaryTarget.of(Optional.of("/home/u/out/job.out"), Optional.empty(), NAME)
                        .path());
        assertEquals(
                Optional.of(Path.of("/home/u/run/logs", NAME)),
                SummaryTarget.of(Optional.of("logs/job.out"), Optional.of("/home/u/run"), NAME)
                        .path(),
                "relative to the job's directory, not to POST_EXEC's /tmp");
    }

    @Test
    void nowhereWithoutAnOutputFileItCanFollow() {
        SummaryTarget none = SummaryTarget.of(Optional.empty(), Optional.of("/home/u"), NAME);
        assertTrue(none.path().isEmpty() && !none.warning(), none.toString());
        assertTrue(SummaryTarget.of(Optional.of("/dev/null"), Optional.empty(), NAME)
                .path()
                .isEmpty());
        SummaryTarget relative = SummaryTarget.of(Optional.of("job.out"), Optional.of("not/absolute"), NAME);
        assertTrue(relative.path().isEmpty() && relative.warning(), relative.toString());
        assertTrue(relative.why().orElseThrow().contains("LSB_OUTPUTFILE 'job.out' is relative"));
    }
}
