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
                // the metrics' classification of the kill: the same reasons, one reading of them
                return checkpoint.store.metrics.EventMetrics.killReason(String.valueOf(event.get("reason")))
                        .flatMap(r -> switch (r) {
                            case "restart_limit" -> Optional.of("restart_limit_reached");
                            case "not_checkpointable" -> Optional.of("not_checkpointable");
                            default -> Optional.empty();
                        });
            default:
                return Optional.empty();
        }
    }
}
