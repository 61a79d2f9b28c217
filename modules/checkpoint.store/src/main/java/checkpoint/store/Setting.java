package checkpoint.store;

/**
 * One effective setting: its value, where it came from and, when it is not simply the value that
 * was asked for, why.
 */
public record Setting(String name, long value, SettingSource source, String note) {
    /** One line for logs and {@code lsf-criu explain}. */
    public String describe() {
        String from = switch (source) {
            case DEFAULT -> "default";
            case ADMIN_CONFIG -> "admin config";
            case USER -> "user variable";
            case CLAMPED -> "clamped";
        };
        return name + "=" + value + " (" + from + (note.isEmpty() ? "" : ": " + note) + ")";
    }
}
