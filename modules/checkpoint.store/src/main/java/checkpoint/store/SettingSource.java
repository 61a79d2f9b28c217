package checkpoint.store;

/** Where an effective setting came from, as {@code lsf-criu explain} shows it. */
public enum SettingSource {
    /** lsf-criu's built-in default: neither the administrator nor the user set it. */
    DEFAULT,
    /** The administrator's {@code lsf-criu.conf}. */
    ADMIN_CONFIG,
    /** The job's environment (a user knob). */
    USER,
    /** The user asked for more than the administrator's maximum: lowered to it. */
    CLAMPED
}
