package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.ImageEstimate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

/** The space decision before a dump: which limit refuses it, with its numbers, and that a fitting dump passes. */
class DumpSpaceTest {
    static final long MIB = 1L << 20;

    static DumpSpace.Facts facts(long estimateMib, long fsMib, long usableMib, long heldMib, long prunedMib) {
        return new DumpSpace.Facts(
                new ImageEstimate(estimateMib * MIB, 3, 0),
                fsMib * MIB,
                usableMib * MIB,
                heldMib * MIB,
                prunedMib * MIB);
    }

    @Test
    void eachLimitRefusesWithItsNameAndNumbers() {
        DumpSpace limits = new DumpSpace(5, 500 * MIB, 1000 * MIB);
        assertEquals(
                Optional.empty(), limits.check(facts(400, 10_000, 5000, 500, 0)).map(DumpSpace.Refusal::limit));
        DumpSpace.Refusal cap = limits.check(facts(600, 10_000, 5000, 0, 0)).orElseThrow();
        assertEquals("MAX_IMAGE_MIB", cap.limit());
        assertTrue(cap.message().contains("600 MiB") && cap.message().contains("500 MiB"), cap.message());
        DumpSpace.Refusal full = limits.check(facts(400, 10_000, 800, 0, 0)).orElseThrow();
        assertEquals("MIN_FREE_PERCENT", full.limit());
        assertTrue(full.message().contains("800 MiB free of 10000 MiB"), full.message());
        DumpSpace.Refusal quota = limits.check(facts(400, 10_000, 5000, 700, 0)).orElseThrow();
        assertEquals("USER_QUOTA_MIB", quota.limit());
        assertTrue(quota.message().contains("1100 MiB"), quota.message());
        // the generation this dump prunes frees its share of the quota
        assertEquals(Optional.empty(), limits.check(facts(400, 10_000, 5000, 700, 300)));
    }

    @Test
    void aDumpStartsOnlyWhenTheFreeSpaceAfterItKeepsTheReserve() {
        QuickTheory.qt()
                .forAll(
                        SourceDSL.longs().between(1, 100_000),
                        SourceDSL.longs().between(1, 1_000_000),
                        SourceDSL.integers().between(0, 99))
                .checkAssert((estimate, usable, percent) -> {
                    long fs = 1_000_000;
                    DumpSpace limits = new DumpSpace(percent, 0, 0);
                    boolean fits = (usable - estimate) * MIB >= fs * MIB / 100 * percent;
                    assertEquals(
                            fits,
                            limits.check(facts(estimate, fs, usable, 0, 0)).isEmpty());
                });
    }

    @Test
    void theEstimateCountsAnonymousSwappedAndSharedMemoryWithItsMargin() {
        String rollup =
                "Rss: 9000 kB\nPss_Shmem:  1024 kB\nPrivate_Clean: 500 kB\nAnonymous:  65536 kB\nSwap: 2048 kB\n";
        assertEquals((65536L + 2048 + 1024) << 10, ImageEstimate.dumpedBytes(rollup));
        assertEquals(0, ImageEstimate.dumpedBytes("garbage\nAnonymous: lots kB\n"));
    }
}
