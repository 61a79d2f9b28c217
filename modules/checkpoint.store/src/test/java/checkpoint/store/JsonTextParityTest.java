package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** The toolkit's JSON writer writes every tree character for character as jackson-jr does. */
class JsonTextParityTest {
    /** Trees of the reader's parity test, plus the other scalars the toolkit's documents hold. */
    static Gen<Object> values(int depth) {
        Gen<Object> extra = Generate.pick(List.<Gen<Object>>of(
                        SourceDSL.integers().all().map(i -> (Object) i),
                        SourceDSL.strings().ascii().ofLengthBetween(0, 8).map(s -> (Object) s),
                        Generate.pick(java.util.Arrays.asList(null, "", "\u0000\u001f\u007f\"\\/")),
                        SourceDSL.doubles().any().map(d -> (Object) d)))
                .flatMap(g -> g);
        Gen<Object> tree = StateJsonParityTest.values(depth);
        if (depth == 0) {
            return Generate.pick(List.of(tree, extra)).flatMap(g -> g);
        }
        Gen<Object> inner = values(depth - 1);
        Gen<Object> list = SourceDSL.lists().of(inner).ofSizeBetween(0, 4).map(l -> (Object) new ArrayList<>(l));
        Gen<Object> map = StateJsonParityTest.objects(inner, 3);
        return Generate.pick(List.of(tree, extra, list, map)).flatMap(g -> g);
    }

    private static String jackson(Object tree, boolean pretty) {
        try {
            return (pretty ? JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT) : JSON.std).asString(tree);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void writesEveryTreeAsJacksonJrWritesIt() {
        qt().withExamples(1000).forAll(values(3)).checkAssert(tree -> {
            assertEquals(jackson(tree, false), JsonText.compact(tree), String.valueOf(tree));
            assertEquals(jackson(tree, true), JsonText.pretty(tree), String.valueOf(tree));
        });
    }

    @Test
    void theStateFileAndTheSummaryKeepTheirShape() {
        CheckpointState s = StateCodec.read(
                "test",
                "{\"version\": \"V2\", \"job_id\": 12, \"first_job_id\": 10, \"timestamp\": 1700000000,"
                        + " \"chkpnt_state\": 1, \"overrun_restarts\": 2, \"should_restart\": false,"
                        + " \"last_error\": \"criu dump failed: \\\"No space\\\"\\n\","
                        + " \"summary_info\": [{\"id\": 10, \"start_time\": 1700000000, \"runtime\": 30,"
                        + " \"checkpoint\": {\"image_bytes\": 74199208, \"wall_time_ms\": 158}}, {\"id\": 12,"
                        + " \"start_time\": 1700000100, \"runtime\": 0}]}");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary_info", StateCodec.runs(s));
        doc.put("empty", List.of());
        doc.put("none", Map.of());
        assertEquals(jackson(doc, true), JsonText.pretty(doc));
        assertEquals(
                "{\n  \"summary_info\" : [ {\n    \"id\" : 10,\n    \"start_time\" : 1700000000,\n    \"runtime\" : 30,\n"
                        + "    \"checkpoint\" : {\n      \"image_bytes\" : 74199208,\n      \"wall_time_ms\" : 158\n"
                        + "    }\n  }, {\n    \"id\" : 12,\n    \"start_time\" : 1700000100,\n    \"runtime\" : 0\n  } ],\n"
                        + "  \"empty\" : [ ],\n  \"none\" : { }\n}",
                JsonText.pretty(doc));
        assertEquals(
                jackson(Map.of("error", s.lastError().orElseThrow()), false),
                JsonText.compact(Map.of("error", s.lastError().orElseThrow())));
    }
}
