package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Every seed V1 file is read with the same meaning, and every state round-trips through its file. */
class V1CompatibilityPropertiesTest {
    record V1(long jobId, long timestamp, int chkpntState, int restarts, boolean shouldRestart, List<long[]> runs) {
        /** The file as the replaced Python tool's json.dump wrote it. */
        String json() {
            String summary = runs.stream()
                    .map(r -> "{\"id\": " + r[0] + ", \"start_time\": " + r[1] + ", \"runtime\": " + r[2] + "}")
                    .collect(Collectors.joining(", ", "[", "]"));
            return "{\"version\": \"V1\", \"job_id\": " + jobId + ", \"timestamp\": " + timestamp
                    + ", \"chkpnt_state\": "
                    + chkpntState + ", \"overrun_restarts\": " + restarts + ", \"should_restart\": "
                    + (shouldRestart ? "true" : "false") + ", \"summary_info\": " + summary + "}";
        }
    }

    static Gen<V1> v1Files() {
        Gen<long[]> run = Generate.longRange(1, 99_999_999)
                .zip(Generate.longRange(0, 4_000_000_000L), Generate.longRange(0, 10_000_000), (id, start, runtime) ->
                        new long[] {id, start, runtime});
        return Generate.longRange(1, Integer.MAX_VALUE)
                .zip(
                        Generate.longRange(0, 4_000_000_000L),
                        Generate.pick(List.of(1, 2, 4, 8)),
                        Generate.range(0, 100),
                        Generate.booleans(),
                        (id, ts, st, r, sr) -> new Object[] {id, ts, st, r, sr})
                .zip(
                        SourceDSL.lists().of(run).ofSizeBetween(0, 6),
                        (o, runs) ->
                                new V1((Long) o[0], (Long) o[1], (Integer) o[2], (Integer) o[3], (Boolean) o[4], runs));
    }

    @Test
    void everyV1FileIsReadWithTheSameMeaningAndKeepsItInV2() {
        qt().withExamples(2000).forAll(v1Files()).checkAssert(v1 -> {
            CheckpointState s = StateCodec.read("v1", v1.json());
            assertEquals(v1.jobId(), s.jobId());
            assertEquals(v1.timestamp(), s.timestamp());
            assertEquals(v1.chkpntState(), s.phase().code());
            assertEquals(v1.restarts(), s.overrunRestarts());
            assertEquals(v1.shouldRestart(), s.shouldRestart());
            assertEquals(v1.runs().size(), s.runs().size());
            for (int i = 0; i < v1.runs().size(); i++) {
                assertEquals(
                        RunRecord.of(
                                v1.runs().get(i)[0],
                                v1.runs().get(i)[1],
                                v1.runs().get(i)[2]),
                        s.runs().get(i));
            }
            CheckpointState v2 = StateCodec.read("v2", StateCodec.write(s));
            assertEquals(
                    new CheckpointState(
                            "V2",
                            s.jobId(),
                            s.firstJobId(),
                            s.timestamp(),
                            s.phase(),
                            s.overrunRestarts(),
                            s.shouldRestart(),
                            s.runs(),
                            s.lastError()),
                    v2);
        });
    }

    @TempDir
    Path dir;

    @Test
    void everyStateRoundTripsThroughItsFile() {
        StateFile file = new StateFile(dir);
        qt().withExamples(300)
                .forAll(v1Files(), SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(0, 40))
                .checkAssert((v1, error) -> {
                    CheckpointState s = StateCodec.read("v1", v1.json());
                    CheckpointState written = new CheckpointState(
                            "V2",
                            s.jobId(),
                            s.firstJobId(),
                            s.timestamp(),
                            s.phase(),
                            s.overrunRestarts(),
                            s.shouldRestart(),
                            s.runs(),
                            error.isEmpty() ? Optional.empty() : Optional.of(error));
                    file.update(before -> written);
                    assertEquals(Optional.of(written), file.read());
                    assertEquals(1, Files.exists(file.path()) ? 1 : 0);
                });
    }
}
