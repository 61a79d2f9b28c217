package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SummaryTest {
    static final CheckpointState THREE_RUNS = new CheckpointState(
            "V2",
            1023,
            1021,
            1689767000L,
            CheckpointPhase.NONE,
            2,
            false,
            List.of(
                    new RunRecord(
                            1021,
                            1689765619L,
                            115,
                            Optional.of("n1"),
                            OptionalLong.of(1689765734L),
                            Optional.of("checkpointed"),
                            Map.of("pages_written", 103L)),
                    RunRecord.of(1022, 1689765800L, 120),
                    new RunRecord(
                            1023,
                            1689766000L,
                            3605,
                            Optional.empty(),
                            OptionalLong.empty(),
                            Optional.of("exited 7"),
                            Map.of())),
            Optional.empty());

    @Test
    void textHasOneLinePerRunTheTotalAndTheRestarts() {
        String text = Summary.text(THREE_RUNS, "job finished");
        assertEquals(
                String.join(
                        "\n",
                        "Overrun checkpoint/restart summary for job 1021",
                        "Job ID        Runtime (s)  Start time              Outcome",
                        "1021                  115  2023-07-19 11:20:19 UTC checkpointed",
                        "1022                  120  2023-07-19 11:23:20 UTC ",
                        "1023                 3605  2023-07-19 11:26:40 UTC exited 7",
                        "Total runtime: 3840 s (1:04:00)",
                        "Overrun restarts: 2",
                        "Final state: job finished",
                        ""),
                text);
        assertEquals("overrun-summary-1021.txt", Summary.fileName(THREE_RUNS));
    }

    @Test
    void theTextIsTheSameWhateverTheDefaultLocale() {
        String english = Summary.text(THREE_RUNS, "job finished");
        Locale before = Locale.getDefault();
        try {
            for (String tag : List.of("ar-SA", "hi-IN-u-nu-deva", "th-TH-u-nu-thai", "fa-IR")) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                assertEquals(english, Summary.text(THREE_RUNS, "job finished"), tag);
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aRunLongerThanItsColumnPushesTheLineOnAndSecondsArePadded() {
        CheckpointState s = new CheckpointState(
                "V2",
                1234567890123L,
                1234567890123L,
                0,
                CheckpointPhase.NONE,
                0,
                false,
                List.of(RunRecord.of(1234567890123L, 0, 36005)),
                Optional.empty());
        assertTrue(
                Summary.text(s, "").contains("1234567890123        36005  1970-01-01 00:00:00 UTC \n"),
                Summary.text(s, ""));
        assertTrue(Summary.text(s, "").contains("Total runtime: 36005 s (10:00:05)\n"), Summary.text(s, ""));
    }

    @Test
    void jsonCarriesTheSameFigures() {
        String json = Summary.json(THREE_RUNS, "job finished");
        for (String s : List.of(
                "\"first_job_id\" : 1021",
                "\"last_job_id\" : 1023",
                "\"total_runtime\" : 3840",
                "\"overrun_restarts\" : 2",
                "\"pages_written\" : 103",
                "\"final_state\" : \"job finished\"")) {
            assertTrue(json.contains(s), s + " missing from " + json);
        }
    }
}
