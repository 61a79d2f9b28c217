package hooks;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Pretty JSON text of maps and lists, as the admin command prints it. */
final class Json {
    private Json() {}

    static String compact(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(Object value) {
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
