package checkpoint.store.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * One change to one series: {@code value} added to a counter, or a timestamp that replaces the gauge's
 * when it is newer.
 *
 * @param family the metric
 * @param labels its labels besides {@code user} (values from fixed sets), sorted
 * @param value what is added, or the new timestamp
 */
public record MetricDelta(MetricFamily family, Map<String, String> labels, double value) {
    public MetricDelta {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public static MetricDelta of(MetricFamily family, double value) {
        return new MetricDelta(family, Map.of(), value);
    }

    public static MetricDelta of(MetricFamily family, String label, String labelValue, double value) {
        return new MetricDelta(family, Map.of(label, labelValue), value);
    }
}
