package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

class EffectiveSettingsTest {
    static final SiteConfig ADMIN =
            SiteConfig.of("conf", Map.of("RESTART_LIMIT_DEFAULT", "3", "RESTART_LIMIT_MAX", "5"));

    @Test
    void userValueWithinTheMaximumIsTaken() {
        Setting s = EffectiveSettings.resolve(JobEnvironment.of(Map.of("ORUN_RESTART_LIMIT", "4")), ADMIN)
                .restartLimit();
        assertEquals(new Setting("ORUN_RESTART_LIMIT", 4, SettingSource.USER, ""), s);
    }

    @Test
    void userValueAboveTheMaximumIsClampedWithTheReason() {
        Setting s = EffectiveSettings.resolve(JobEnvironment.of(Map.of("ORUN_RESTART_LIMIT", "50")), ADMIN)
                .restartLimit();
        assertEquals(
                new Setting(
                        "ORUN_RESTART_LIMIT",
                        5,
                        SettingSource.CLAMPED,
                        "ORUN_RESTART_LIMIT=50 is above the site's RESTART_LIMIT_MAX=5"),
                s);
        assertEquals(
                "ORUN_RESTART_LIMIT=5 (clamped: ORUN_RESTART_LIMIT=50 is above the site's RESTART_LIMIT_MAX=5)",
                s.describe());
    }

    @Test
    void aMalformedUserValueFallsBackToTheAdminDefaultWithTheWarning() {
        Setting s = EffectiveSettings.resolve(JobEnvironment.of(Map.of("ORUN_RESTART_LIMIT", "abc")), ADMIN)
                .restartLimit();
        assertEquals(
                new Setting(
                        "ORUN_RESTART_LIMIT",
                        3,
                        SettingSource.ADMIN_CONFIG,
                        "ORUN_RESTART_LIMIT='abc' is not a whole number; using RESTART_LIMIT_DEFAULT"),
                s);
    }

    @Test
    void unsetEverywhereIsTheBuiltInDefault() {
        EffectiveSettings s = EffectiveSettings.resolve(JobEnvironment.of(Map.of()), SiteConfig.defaults());
        assertEquals(new Setting("ORUN_RESTART_LIMIT", 2, SettingSource.DEFAULT, ""), s.restartLimit());
        assertEquals(new Setting("ORUN_TIMEOUT_SECONDS", 180, SettingSource.DEFAULT, ""), s.timeoutSeconds());
        assertEquals(new Setting("ORUN_KILL_POLL_TRIES", 10, SettingSource.DEFAULT, ""), s.killPollTries());
    }
}
