package hooks.cli;

import checkpoint.store.JsonText;

/** JSON text of maps and lists: compact for the job's events, pretty as the admin command prints it. */
public final class Json {
    private Json() {}

    public static String compact(Object value) {
        return JsonText.compact(value);
    }

    public static String pretty(Object value) {
        return JsonText.pretty(value);
    }
}
