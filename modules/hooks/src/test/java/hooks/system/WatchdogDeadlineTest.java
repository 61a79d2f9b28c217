package hooks.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class WatchdogDeadlineTest {
    static final long NOW = 1_700_000_000_000L;

    @Test
    void theTimeoutCountsFromTheProcessStartWhenItsAgeIsKnown() {
        assertEquals(NOW - 120 + 180_000, WatchdogDeadline.of(NOW, OptionalLong.of(120), NOW - 30, 180));
    }

    @Test
    void anUnknownOrImplausibleAgeCountsFromWhenMainBegan() {
        assertEquals(NOW - 30 + 180_000, WatchdogDeadline.of(NOW, OptionalLong.empty(), NOW - 30, 180));
        assertEquals(NOW - 30 + 180_000, WatchdogDeadline.of(NOW, OptionalLong.of(-5), NOW - 30, 180));
        assertEquals(NOW - 30 + 180_000, WatchdogDeadline.of(NOW, OptionalLong.of(3_600_000), NOW - 30, 180));
    }

    @Test
    void theShellWakesItsLeadEarlyInWholeSecondsAndNeverSleepsANegativeTime() {
        assertEquals(178, WatchdogDeadline.shellSleepSeconds(NOW + 179_950, NOW));
        assertEquals(0, WatchdogDeadline.shellSleepSeconds(NOW + 1_500, NOW));
        assertEquals(0, WatchdogDeadline.shellSleepSeconds(NOW - 10_000, NOW));
    }

    @Test
    void theJvmWaitsTheRestButNeverLongerThanItsBound() {
        assertEquals(700, WatchdogDeadline.remainingMillis(NOW + 700, NOW));
        assertEquals(0, WatchdogDeadline.remainingMillis(NOW - 700, NOW));
        assertEquals(WatchdogDeadline.MAX_WAIT_MILLIS, WatchdogDeadline.remainingMillis(NOW + 3_600_000, NOW));
    }

    @Test
    void sleepingThenWaitingReachesTheDeadlineWheneverTheJvmStartsWithinTheLead() {
        QuickTheory.qt()
                .forAll(
                        SourceDSL.longs().between(0, 7 * 24 * 3_600_000L),
                        SourceDSL.longs().between(0, WatchdogDeadline.LEAD_SECONDS * 1000))
                .checkAssert((left, startup) -> {
                    long woke = NOW + WatchdogDeadline.shellSleepSeconds(NOW + left, NOW) * 1000;
                    long up = woke + startup;
                    long looks = up + WatchdogDeadline.remainingMillis(NOW + left, up);
                    assertTrue(
                            looks == Math.max(NOW + left, up) && looks - (NOW + left) <= startup,
                            "left " + left + ", start-up " + startup + ": looks at " + (looks - NOW));
                });
    }
}
