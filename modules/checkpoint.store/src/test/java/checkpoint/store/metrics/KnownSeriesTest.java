package checkpoint.store.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.OptIn;
import checkpoint.store.RestartPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KnownSeriesTest {
    /** Each known series as "family{labels}", for membership tests. */
    static Set<String> known() {
        return KnownSeries.zeros().stream().map(KnownSeriesTest::key).collect(Collectors.toSet());
    }

    static String key(MetricDelta d) {
        return d.family().metric() + d.labels();
    }

    @Test
    void aFileWrittenForTheFirstTimeHoldsEveryKnownSeriesAtZeroBesidesWhatHappened() {
        String text = MetricsText.parse("")
                .apply("u", KnownSeries.zeros())
                .apply("u", EventMetrics.of(Map.of("event", "restore_failed", "reason", "criu failed")))
                .render();
        assertTrue(text.contains("lsf_criu_restores_total{outcome=\"failed\",reason=\"criu_failed\",user=\"u\"} 1\n"));
        assertTrue(text.contains("lsf_criu_restores_total{outcome=\"failed\",reason=\"timed_out\",user=\"u\"} 0\n"));
        assertTrue(text.contains("lsf_criu_watchdog_kills_total{user=\"u\"} 0\n"), text);
        assertTrue(!text.contains("timestamp_seconds"), "no timestamp before a success: " + text);
        MetricsText again = MetricsText.parse(text).apply("u", KnownSeries.zeros());
        assertEquals(text, again.render(), "zeros change nothing already there");
    }

    @Test
    void everyReasonAJobIsKilledForIsAKnownSeries() {
        Set<String> known = known();
        for (String reason : List.of(
                RestartPolicy.RESTART_LIMIT_REACHED + " (2 of 2)",
                RestartPolicy.NOT_CHECKPOINTABLE + ": a GPU",
                OptIn.NOT_OPTED_IN,
                OptIn.OPTED_OUT,
                "state file unusable: truncated",
                "something new")) {
            Map<String, Object> e = Map.of("event", "terminate_decision", "action", "KILL_NORMALLY", "reason", reason);
            for (MetricDelta d : EventMetrics.of(e)) {
                assertTrue(known.contains(key(d)), reason + " -> " + key(d));
            }
        }
        for (String type : List.of("checkpoint_failed", "checkpoint_refused")) {
            EventMetrics.of(Map.of(
                            "event", type, "status", "CRIU_FAILED", "limit", "MAX_IMAGE_MIB", "at_run_limit", true))
                    .forEach(d -> assertTrue(known.contains(key(d)), type + " -> " + key(d)));
        }
    }

    @Test
    void everyOtherEventThatCountsIsAKnownSeriesOrATimestamp() {
        Set<String> known = known();
        for (String type : List.of(
                "checkpoint_done",
                "checkpoint_skipped",
                "restored",
                "restart_submitted",
                "restart_failed",
                "watchdog_kill")) {
            for (MetricDelta d : EventMetrics.of(Map.of("event", type, "time", "2026-12-07T10:00:00Z"))) {
                assertTrue(d.family().isTimestamp() || known.contains(key(d)), type + " -> " + key(d));
            }
        }
    }
}
