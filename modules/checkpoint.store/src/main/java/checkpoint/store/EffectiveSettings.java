package checkpoint.store;

import java.util.List;
import java.util.OptionalLong;
import lsf.env.JobEnvironment;
import lsf.env.UserKnobs;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * The limits in force for one job: the user's knobs where set and valid, capped by the
 * administrator's maxima, else the administrator's defaults. Pure.
 *
 * @param restartLimit restarts allowed
 * @param timeoutSeconds seconds a checkpoint may take before the job is killed instead
 * @param killPollTries liveness polls after each kill signal
 */
public record EffectiveSettings(Setting restartLimit, Setting timeoutSeconds, Setting killPollTries) {
    /** Resolves the settings for {@code env} under {@code config}. */
    public static EffectiveSettings resolve(JobEnvironment env, SiteConfig config) {
        UserKnobs k = env.knobs();
        return new EffectiveSettings(
                setting(
                        UserKnobs.ORUN_RESTART_LIMIT,
                        k.restartLimit(),
                        config,
                        ConfigKey.RESTART_LIMIT_DEFAULT,
                        ConfigKey.RESTART_LIMIT_MAX,
                        env.warnings()),
                setting(
                        UserKnobs.ORUN_TIMEOUT_SECONDS,
                        k.timeoutSeconds(),
                        config,
                        ConfigKey.CHECKPOINT_TIMEOUT_DEFAULT,
                        ConfigKey.CHECKPOINT_TIMEOUT_MAX,
                        env.warnings()),
                setting(
                        UserKnobs.ORUN_KILL_POLL_TRIES,
                        k.killPollTries(),
                        config,
                        ConfigKey.KILL_POLL_TRIES_DEFAULT,
                        ConfigKey.KILL_POLL_TRIES_MAX,
                        env.warnings()));
    }

    private static Setting setting(
            String knob,
            OptionalLong asked,
            SiteConfig config,
            ConfigKey defaultKey,
            ConfigKey maxKey,
            List<String> warnings) {
        long max = config.number(maxKey);
        if (asked.isPresent()) {
            long v = asked.getAsLong();
            if (v > max) {
                return new Setting(
                        knob,
                        max,
                        SettingSource.CLAMPED,
                        knob + "=" + v + " is above the site's " + maxKey + "=" + max);
            }
            return new Setting(knob, v, SettingSource.USER, "");
        }
        String note = warnings.stream()
                .filter(w -> w.startsWith(knob + "="))
                .findFirst()
                .map(w -> w + "; using " + defaultKey)
                .orElse("");
        SettingSource source = config.isExplicit(defaultKey) ? SettingSource.ADMIN_CONFIG : SettingSource.DEFAULT;
        return new Setting(knob, config.number(defaultKey), source, note);
    }

    /** The three settings, for logs and {@code lsf-criu explain}. */
    public List<Setting> all() {
        return List.of(restartLimit, timeoutSeconds, killPollTries);
    }
}
