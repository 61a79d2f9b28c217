package checkpoint.store.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics of one file in Prometheus's text exposition format: read back from the file's own
 * text (a line that is not one of ours, or not well formed, is dropped: the file is in a directory
 * every job user writes to), changed by {@link MetricDelta}s, and written with a {@code # HELP} and
 * {@code # TYPE} line per family. Pure.
 */
public final class MetricsText {
    private static final Pattern SAMPLE =
            Pattern.compile("([a-z_]+)\\{((?:[a-z_]+=\"[A-Za-z0-9_.-]*\",?)*)\\} ([0-9.eE+-]+)");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([A-Za-z0-9_.-]*)\"");

    private final Map<MetricFamily, TreeMap<String, Double>> series = new EnumMap<>(MetricFamily.class);

    private MetricsText() {}

    /** The metrics {@code text} holds (empty text: none). */
    public static MetricsText parse(String text) {
        MetricsText m = new MetricsText();
        for (String line : text.split("\n")) {
            Matcher s = SAMPLE.matcher(line.strip());
            if (!s.matches()) {
                continue;
            }
            java.util.Optional<MetricFamily> f = MetricFamily.named(s.group(1));
            double v;
            try {
                v = Double.parseDouble(s.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            if (f.isEmpty() || !Double.isFinite(v) || v < 0) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(s.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            m.series.computeIfAbsent(f.get(), k -> new TreeMap<>()).put(labels(labels), v);
        }
        return m;
    }

    /** Applies {@code deltas} for the job user {@code user}: counters add, timestamps keep the newest. */
    public MetricsText apply(String user, List<MetricDelta> deltas) {
        for (MetricDelta d : deltas) {
            Map<String, String> labels = new TreeMap<>(d.labels());
            labels.put("user", userLabel(user));
            TreeMap<String, Double> of = series.computeIfAbsent(d.family(), k -> new TreeMap<>());
            of.merge(labels(labels), d.value(), d.family().isTimestamp() ? Math::max : Double::sum);
        }
        return this;
    }

    /** The value of a series ({@code labels} in the file's own order, e.g. {@code outcome="done",user="alice"}). */
    public double value(MetricFamily family, String labels) {
        return series.getOrDefault(family, new TreeMap<>()).getOrDefault(labels, 0.0);
    }

    /** The exposition text: the families in their fixed order, each series sorted by its labels. */
    public String render() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<MetricFamily, TreeMap<String, Double>> f : series.entrySet()) {
            MetricFamily family = f.getKey();
            b.append("# HELP ")
                    .append(family.metric())
                    .append(' ')
                    .append(family.help())
                    .append('\n');
            b.append("# TYPE ")
                    .append(family.metric())
                    .append(' ')
                    .append(family.type())
                    .append('\n');
            for (Map.Entry<String, Double> s : f.getValue().entrySet()) {
                b.append(family.metric())
                        .append('{')
                        .append(s.getKey())
                        .append("} ")
                        .append(number(s.getValue()))
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** A user name as a label value: its own when it is of the usual characters, else "unknown". */
    static String userLabel(String user) {
        return user.matches("[A-Za-z0-9_.-]{1,64}") ? user : "unknown";
    }

    private static String labels(Map<String, String> sorted) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(sorted).entrySet()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(e.getKey()).append("=\"").append(e.getValue()).append('"');
        }
        return b.toString();
    }

    /** A value in plain decimal to the microsecond (no exponent: a timestamp reads as one), up to 1e12. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (!(Math.abs(v) < 1e12)) {
            return Double.toString(v);
        }
        long micros = Math.round(Math.abs(v) * 1e6);
        String frac = Long.toString(1_000_000 + micros % 1_000_000).substring(1).replaceAll("0+$", "");
        return (v < 0 ? "-" : "") + micros / 1_000_000 + (frac.isEmpty() ? "" : "." + frac);
    }
}
