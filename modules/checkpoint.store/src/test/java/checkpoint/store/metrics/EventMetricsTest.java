package checkpoint.store.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMetricsTest {
    private static String render(Map<String, Object> event) {
        return MetricsText.parse("").apply("u", EventMetrics.of(event)).render();
    }

    @Test
    void aCheckpointDoneCountsItsBytesSecondsAndTime() {
        String text = render(Map.of(
                "event", "checkpoint_done",
                "time", "2026-12-07T10:00:00.500Z",
                "image_bytes", 4096L,
                "wall_time_ms", 250L,
                "frozen_time_us", 125_000L));
        assertTrue(text.contains("lsf_criu_checkpoints_total{outcome=\"done\",user=\"u\"} 1\n"), text);
        assertTrue(text.contains("lsf_criu_dump_bytes_total{user=\"u\"} 4096\n"), text);
        assertTrue(text.contains("lsf_criu_dump_seconds_total{user=\"u\"} 0.25\n"), text);
        assertTrue(text.contains("lsf_criu_frozen_seconds_total{user=\"u\"} 0.125\n"), text);
        assertTrue(
                text.contains("lsf_criu_last_checkpoint_success_timestamp_seconds{user=\"u\"} 1796637600.5\n"), text);
    }

    @Test
    void aFailedRunLimitCheckpointIsAlsoAJobKilled() {
        String text = render(Map.of("event", "checkpoint_failed", "status", "CRIU_TIMED_OUT", "at_run_limit", true));
        assertTrue(
                text.contains(
                        "lsf_criu_checkpoints_total{outcome=\"timed_out\",reason=\"criu_timed_out\",user=\"u\"} 1"),
                text);
        assertTrue(text.contains("lsf_criu_jobs_killed_total{reason=\"checkpoint_failed\",user=\"u\"} 1"), text);
        String periodic = render(Map.of("event", "checkpoint_failed", "status", "CRIU_FAILED", "at_run_limit", false));
        assertTrue(!periodic.contains("jobs_killed"), periodic);
    }

    @Test
    void refusalsRestoresRestartsAndKills() {
        assertTrue(render(Map.of("event", "checkpoint_refused", "limit", "MAX_IMAGE_BYTES"))
                .contains("{outcome=\"refused\",reason=\"max_image_bytes\",user=\"u\"} 1"));
        assertTrue(render(Map.of("event", "restore_failed", "reason", "timed out"))
                .contains("lsf_criu_restores_total{outcome=\"failed\",reason=\"timed_out\",user=\"u\"} 1"));
        assertTrue(render(Map.of("event", "restored", "restore_ms", 1500, "time", "2026-12-07T10:00:00Z"))
                .contains("lsf_criu_restore_seconds_total{user=\"u\"} 1.5"));
        assertTrue(
                render(Map.of("event", "restart_submitted")).contains("lsf_criu_restarts_total{outcome=\"submitted\""));
        assertTrue(render(Map.of("event", "watchdog_kill")).contains("lsf_criu_watchdog_kills_total{user=\"u\"} 1"));
        assertTrue(render(Map.of(
                        "event", "terminate_decision",
                        "action", "KILL_NORMALLY",
                        "reason", "restart limit reached (2 of 2 restarts used)"))
                .contains("lsf_criu_jobs_killed_total{reason=\"restart_limit\",user=\"u\"} 1"));
    }

    @Test
    void eventsThatCountNothing() {
        for (Map<String, Object> e : List.<Map<String, Object>>of(
                Map.of("event", "dump_started"),
                Map.of("event", "terminate_decision", "action", "REQUEST_CHECKPOINT", "reason", "x"),
                Map.of(
                        "event",
                        "terminate_decision",
                        "action",
                        "KILL_NORMALLY",
                        "reason",
                        "checkpoint already complete: x"),
                Map.of(
                        "event",
                        "terminate_decision",
                        "action",
                        "KILL_NORMALLY",
                        "reason",
                        "not a run-limit kill (...)"))) {
            assertEquals(List.of(), EventMetrics.of(e), e.toString());
        }
    }

    @Test
    void labelWordsAreBounded() {
        assertEquals("a_b_c", EventMetrics.word(" A--b c! "));
        assertEquals(32, EventMetrics.word("x".repeat(100)).length());
        assertEquals("unknown", EventMetrics.word("!!"));
    }
}
