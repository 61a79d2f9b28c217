package checkpoint.store.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTextTest {
    private static final String[] OUTCOMES = {"done", "failed", "timed_out", "refused"};

    /** Any sequence of changes, written and read back between each, adds up as if applied at once. */
    @Test
    void changesSurviveTheFileRoundTripAndAddUp() {
        qt().withExamples(300)
                .forAll(lists().of(integers().between(0, 10_000)).ofSizeBetween(0, 40))
                .checkAssert(values -> {
                    MetricsText stepwise = MetricsText.parse("");
                    MetricsText once = MetricsText.parse("");
                    List<MetricDelta> all = new ArrayList<>();
                    double bytes = 0;
                    for (int v : values) {
                        List<MetricDelta> d = List.of(
                                MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", OUTCOMES[v % 4], 1),
                                MetricDelta.of(MetricFamily.DUMP_BYTES, v),
                                MetricDelta.of(MetricFamily.LAST_CHECKPOINT, 1.7e9 + v));
                        bytes += v;
                        all.addAll(d);
                        stepwise = MetricsText.parse(stepwise.apply("alice", d).render());
                    }
                    once.apply("alice", all);
                    assertEquals(once.render(), stepwise.render());
                    assertEquals(bytes, stepwise.value(MetricFamily.DUMP_BYTES, "user=\"alice\""));
                    double newest =
                            values.stream().mapToDouble(v -> 1.7e9 + v).max().orElse(0);
                    assertEquals(newest, stepwise.value(MetricFamily.LAST_CHECKPOINT, "user=\"alice\""));
                });
    }

    @Test
    void writesHelpTypeAndSortedSeries() {
        String text = MetricsText.parse("")
                .apply(
                        "bob",
                        List.of(new MetricDelta(
                                MetricFamily.CHECKPOINTS, Map.of("reason", "criu_failed", "outcome", "failed"), 1)))
                .apply("bob", List.of(MetricDelta.of(MetricFamily.CHECKPOINTS, "outcome", "done", 2)))
                .render();
        assertEquals(
                "# HELP lsf_criu_checkpoints_total " + MetricFamily.CHECKPOINTS.help() + "\n"
                        + "# TYPE lsf_criu_checkpoints_total counter\n"
                        + "lsf_criu_checkpoints_total{outcome=\"done\",user=\"bob\"} 2\n"
                        + "lsf_criu_checkpoints_total{outcome=\"failed\",reason=\"criu_failed\",user=\"bob\"} 1\n",
                text);
    }

    /** The directory is every job user's: what is not one of our well-formed lines is dropped, never trusted. */
    @Test
    void dropsWhatIsNotOurs() {
        MetricsText m = MetricsText.parse("# comment\n"
                + "lsf_criu_checkpoints_total{outcome=\"done\",user=\"x\"} 3\n"
                + "other_metric{a=\"b\"} 5\n"
                + "lsf_criu_checkpoints_total{outcome=\"do\\\"ne\",user=\"x\"} 3\n"
                + "lsf_criu_checkpoints_total{outcome=\"done\",user=\"y\"} -4\n"
                + "lsf_criu_checkpoints_total{outcome=\"done\",user=\"z\"} NaN\n"
                + "lsf_criu_dump_bytes_total{user=\"x\"} 1e400\n");
        String text = m.render();
        assertEquals(3.0, m.value(MetricFamily.CHECKPOINTS, "outcome=\"done\",user=\"x\""));
        assertTrue(
                !text.contains("other_metric")
                        && !text.contains("do\\")
                        && !text.contains("\"y\"")
                        && !text.contains("\"z\"")
                        && !text.contains("dump_bytes"),
                text);
    }

    @Test
    void anUnusualUserNameIsUnknown() {
        assertEquals("unknown", MetricsText.userLabel("a\"b"));
        assertEquals("build.bot-1", MetricsText.userLabel("build.bot-1"));
    }
}
