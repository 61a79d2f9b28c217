package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import criu.invoke.image.JobFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreloadTest {
    @Test
    void theWarmUpRecordIsOneTheRealReadAccepts() {
        assertEquals(List.of(Preload.SAMPLE), JobFiles.parse(JobFiles.json(List.of(Preload.SAMPLE))));
    }

    @Test
    void everyPartOfTheWarmUpRuns() {
        // a part that throws is swallowed at run time (the real use reports it), so only this shows it
        assertEquals(List.of(), Preload.run());
    }
}
