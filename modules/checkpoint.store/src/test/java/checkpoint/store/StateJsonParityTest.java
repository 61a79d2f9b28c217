package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.jr.ob.JSON;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** The state file's own reader reads every document as jackson-jr does, and refuses what is not JSON. */
class StateJsonParityTest {
    /** A JSON tree of bounded depth: objects, arrays, strings (any UTF-16), whole and other numbers. */
    static Gen<Object> values(int depth) {
        Gen<Object> leaf = Generate.pick(List.<Gen<Object>>of(
                        SourceDSL.strings().allPossible().ofLengthBetween(0, 12).map(s -> (Object) s),
                        SourceDSL.longs().all().map(l -> (Object) l),
                        SourceDSL.doubles().between(-1e12, 1e12).map(d -> (Object) d),
                        Generate.pick(List.of(Boolean.TRUE, Boolean.FALSE)).map(b -> (Object) b)))
                .flatMap(g -> g);
        if (depth == 0) {
            return leaf;
        }
        Gen<Object> inner = values(depth - 1);
        Gen<Object> list = SourceDSL.lists().of(inner).ofSizeBetween(0, 4).map(l -> (Object) new ArrayList<>(l));
        return Generate.pick(List.of(leaf, list, objects(inner, 4))).flatMap(g -> g);
    }

    /** JSON objects of up to {@code size} entries, keys any UTF-16 text, values from {@code inner}. */
    static Gen<Object> objects(Gen<Object> inner, int size) {
        return SourceDSL.lists()
                .of(SourceDSL.strings().allPossible().ofLengthBetween(0, 6))
                .ofSizeBetween(0, size)
                .zip(SourceDSL.lists().of(inner).ofSize(size), (keys, vals) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        m.put(keys.get(i), vals.get(i));
                    }
                    return (Object) m;
                });
    }

    @Test
    void readsWhatJacksonJrWritesAsJacksonJrReadsIt() {
        qt().withExamples(500).forAll(values(3), SourceDSL.booleans().all()).checkAssert((tree, pretty) -> {
            String text = write(tree, pretty);
            Object ours = parse(text);
            assertEquals(normal(jackson(text)), normal(ours), text);
            assertEquals(normal(tree), normal(ours), text);
        });
    }

    @Test
    void wholeNumbersBeyondLongAreBigIntegersAsInJacksonJr() throws Exception {
        String big = "{\"job_id\": 92233720368547758070}";
        assertEquals(new BigInteger("92233720368547758070"), ((Map<?, ?>) StateJson.parse(big)).get("job_id"));
        assertEquals(normal(jackson(big)), normal(StateJson.parse(big)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "{",
                "}",
                "[1,]",
                "{\"a\":1,}",
                "{'a': 1}",
                "{\"a\" 1}",
                "01",
                "-",
                "1.",
                ".5",
                "1e",
                "+1",
                "NaN",
                "Infinity",
                "tru",
                "nul",
                "\"a",
                "\"\\x\"",
                "\"\\u12\"",
                "\"tab\there\"",
                "{\"a\":1} x",
                "{\"a\":1,\"a\":2}",
                "/* c */ {}",
                "[1 2]",
                "{\"a\":[}",
            })
    void refusesWhatIsNotOneJsonDocument(String text) {
        assertThrows(StateJson.MalformedJsonException.class, () -> StateJson.parse(text), text);
    }

    @Test
    void refusesNestingDeeperThanItsLimit() throws Exception {
        String ok = "[".repeat(StateJson.MAX_DEPTH - 1) + "]".repeat(StateJson.MAX_DEPTH - 1);
        assertEquals(List.class.isInstance(StateJson.parse(ok)), true);
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThrows(StateJson.MalformedJsonException.class, () -> StateJson.parse(deep));
    }

    private static String write(Object tree, boolean pretty) {
        try {
            return (pretty ? JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT) : JSON.std).asString(tree);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Object jackson(String text) {
        try {
            return JSON.std.anyFrom(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Object parse(String text) {
        try {
            return StateJson.parse(text);
        } catch (StateJson.MalformedJsonException e) {
            throw new AssertionError(text + ": " + e.getMessage(), e);
        }
    }

    /** Numbers compared by value (jackson-jr reads small whole numbers as Integer, this reader as Long). */
    private static Object normal(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            return new BigInteger(v.toString());
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normal(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(StateJsonParityTest::normal).toList();
        }
        return v;
    }
}
