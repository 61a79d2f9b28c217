package hooks.programs;

import java.util.Map;
import java.util.Optional;

/**
 * Which job events the site's {@code NOTIFY_COMMAND} hears of, and under what name: those an owner or
 * an administrator must act on. Pure.
 */
final class NotifyPolicy {
    private NotifyPolicy() {}

    /** The notification an event makes ({@code LSF_CRIU_EVENT}), or empty. */
    static Optional<String> notification(Map<String, ?> event) {
        String type = String.valueOf(event.get("event"));
        switch (type) {
            case "checkpoint_failed", "checkpoint_refused", "restore_failed", "restart_failed":
                return Optional.of(type);
            case "terminate_decision":
                if (!"KILL_NORMALLY".equals(event.get("action"))) {
                    return Optional.empty();
                }
                String reason = String.valueOf(event.get("reason"));
                if (reason.startsWith("restart limit reached")) {
                    return Optional.of("restart_limit_reached");
                }
                if (reason.startsWith(checkpoint.store.RestartPolicy.NOT_CHECKPOINTABLE)) {
                    return Optional.of("not_checkpointable");
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }
}
