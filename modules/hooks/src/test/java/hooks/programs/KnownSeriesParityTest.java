package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.metrics.EventMetrics;
import checkpoint.store.metrics.KnownSeries;
import checkpoint.store.metrics.MetricDelta;
import criu.invoke.DumpOutcome;
import criu.invoke.DumpSpace;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The series a metrics file starts with at 0 ({@link KnownSeries}) against what the programs can
 * really report: every status of a failed dump, every limit a dump is refused by, and every reason the
 * restart command (a shell script) gives a failed restore. A new one of these, not added to the known
 * series, would appear only with its first occurrence, which Prometheus's increase() cannot see.
 */
class KnownSeriesParityTest {
    private static final Set<String> KNOWN =
            KnownSeries.zeros().stream().map(KnownSeriesParityTest::key).collect(Collectors.toSet());

    private static String key(MetricDelta d) {
        return d.family().metric() + d.labels();
    }

    private static void assertKnown(Map<String, Object> event) {
        List<MetricDelta> deltas = EventMetrics.of(event);
        assertTrue(!deltas.isEmpty(), "counts something: " + event);
        deltas.forEach(d -> assertTrue(KNOWN.contains(key(d)), event + " -> " + key(d) + " is not a known series"));
    }

    @Test
    void everyStatusOfAFailedDumpIsAKnownSeries() {
        for (DumpOutcome.Status s : DumpOutcome.Status.values()) {
            if (s != DumpOutcome.Status.DUMPED) {
                assertKnown(Map.of("event", "checkpoint_failed", "status", s.name(), "at_run_limit", true));
            }
        }
    }

    @Test
    void everyLimitADumpIsRefusedByIsAKnownSeries() {
        for (String limit : DumpSpace.LIMITS) {
            assertKnown(Map.of("event", "checkpoint_refused", "limit", limit, "at_run_limit", true));
        }
    }

    @Test
    void everyReasonTheRestartCommandGivesAFailedRestoreIsAKnownSeries() throws Exception {
        String script = Files.readString(TerminateFastPathParityTest.script("lsf-criu-restart"));
        Matcher m = Pattern.compile("event restore_failed \"\\\\\"reason\\\\\":\\\\\"([^\\\\\"]+)\\\\\"")
                .matcher(script);
        List<String> reasons = new ArrayList<>();
        while (m.find()) {
            reasons.add(m.group(1));
        }
        assertEquals(3, reasons.size(), "the script's restore_failed events: " + reasons);
        reasons.forEach(r -> assertKnown(Map.of("event", "restore_failed", "reason", r)));
    }
}
