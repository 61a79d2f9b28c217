package lsf.env.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The site administrator's settings, validated: every key known, every number in range, every
 * default within its maximum. Immutable; build it with {@link #of(String, Map)} or {@link #load(Path)}.
 */
public final class SiteConfig {
    private final Map<ConfigKey, String> values;
    private final Set<ConfigKey> explicit;
    private final String source;

    private SiteConfig(String source, Map<ConfigKey, String> values, Set<ConfigKey> explicit) {
        this.source = source;
        this.values = values;
        this.explicit = explicit;
    }

    /** Every key at its default: what a site gets with an empty configuration file. */
    public static SiteConfig defaults() {
        return of("(defaults)", Map.of());
    }

    /** Reads and validates the configuration file at {@code file}. */
    public static SiteConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e, e);
        }
        return of(file.toString(), ConfigFile.parse(file.toString(), text));
    }

    /**
     * Validates parsed {@code raw} values; {@code source} names them in messages.
     *
     * @throws ConfigException for an unknown key, a malformed or out-of-range value, or a default
     *     above its maximum
     */
    public static SiteConfig of(String source, Map<String, String> raw) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        Set<ConfigKey> explicit = java.util.EnumSet.noneOf(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            ConfigKey key = lookup(source, e.getKey());
            values.put(key, check(source, key, e.getValue()));
            explicit.add(key);
        }
        SiteConfig config = new SiteConfig(source, values, explicit);
        config.checkCap(ConfigKey.RESTART_LIMIT_DEFAULT, ConfigKey.RESTART_LIMIT_MAX);
        config.checkCap(ConfigKey.CHECKPOINT_TIMEOUT_DEFAULT, ConfigKey.CHECKPOINT_TIMEOUT_MAX);
        config.checkCap(ConfigKey.KILL_POLL_TRIES_DEFAULT, ConfigKey.KILL_POLL_TRIES_MAX);
        if (config.text(ConfigKey.DUMP_SLOTS_DIR).isEmpty()
                != (config.number(ConfigKey.CLUSTER_MAX_CONCURRENT_DUMPS) == 0)) {
            throw new ConfigException(source + ": DUMP_SLOTS_DIR=" + config.text(ConfigKey.DUMP_SLOTS_DIR)
                    + " and CLUSTER_MAX_CONCURRENT_DUMPS=" + config.number(ConfigKey.CLUSTER_MAX_CONCURRENT_DUMPS)
                    + " go together: set both for a cluster-wide limit, or neither");
        }
        return config;
    }

    private static ConfigKey lookup(String source, String name) {
        try {
            return ConfigKey.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    source + ": unknown key " + name + " (known: " + Arrays.toString(ConfigKey.values()) + ")", e);
        }
    }

    private static String check(String source, ConfigKey key, String value) {
        String where = source + ": " + key + "=" + value;
        switch (key.kind()) {
            case COUNT:
            case SECONDS:
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new ConfigException(where + " is not a whole number", e);
                }
                if (n < key.min() || n > key.max()) {
                    throw new ConfigException(where + " is out of range " + key.min() + ".." + key.max());
                }
                return value;
            case PATH:
                if (!value.isEmpty() && !value.startsWith("/")) {
                    throw new ConfigException(where + " is not an absolute path");
                }
                return value;
            case FLAG:
                if (!value.equals("Y") && !value.equals("N")) {
                    throw new ConfigException(where + " must be Y or N");
                }
                return value;
            case SIGNAL:
                if (!ConfigKey.SIGNALS.contains(value)) {
                    throw new ConfigException(where + " must be one of " + ConfigKey.SIGNALS);
                }
                return value;
            case NAMES:
                if (!value.strip().isEmpty() && !value.strip().matches("[A-Za-z0-9_.-]+([ \\t,]+[A-Za-z0-9_.-]+)*,?")) {
                    throw new ConfigException(where + " must be names (letters, digits, _ . -) separated by commas");
                }
                return value;
            case COMMAND:
                if (!value.strip().isEmpty() && !value.strip().startsWith("/")) {
                    throw new ConfigException(where + " must start with the command's absolute path");
                }
                return value;
            case LOG_TARGET:
                if (!value.equals("syslog") && !value.equals("none") && !value.startsWith("/")) {
                    throw new ConfigException(where + " must be syslog, none or an absolute path");
                }
                return value;
            default:
                return value;
        }
    }

    private void checkCap(ConfigKey defaultKey, ConfigKey maxKey) {
        if (number(defaultKey) > number(maxKey)) {
            throw new ConfigException(source + ": " + defaultKey + "=" + number(defaultKey) + " is above " + maxKey
                    + "=" + number(maxKey));
        }
    }

    /** The value of a numeric key. */
    public long number(ConfigKey key) {
        if (!key.isNumeric()) {
            throw new IllegalArgumentException(key + " is not numeric");
        }
        return Long.parseLong(values.get(key));
    }

    /** The value of a key as text (empty when unset and without default). */
    public String text(ConfigKey key) {
        return values.get(key);
    }

    /** A WORDS key split on white space; empty list when unset. */
    public List<String> words(ConfigKey key) {
        String v = values.get(key).strip();
        return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
    }

    /** A NAMES key split on commas and white space; empty list when unset. */
    public List<String> names(ConfigKey key) {
        return Arrays.stream(values.get(key).split("[\\s,]+"))
                .filter(n -> !n.isEmpty())
                .toList();
    }

    /** A FLAG key as a boolean. */
    public boolean flag(ConfigKey key) {
        return "Y".equals(values.get(key));
    }

    /** True when the file set {@code key}, false when it is at its default. */
    public boolean isExplicit(ConfigKey key) {
        return explicit.contains(key);
    }

    /** Where these values came from: a file path or "(defaults)". */
    public String source() {
        return source;
    }
}
