package criu.invoke.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.ProcFs;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a job writes, recorded at a dump and put back before a restore. */
class JobFilesTest {
    @TempDir
    Path tmp;

    static final long UID = ProcFs.system().uid();

    static JobFiles.Entry entry(long size, boolean copy) {
        return new JobFiles.Entry(
                "/f",
                size,
                false,
                copy ? Optional.of("file-copy-0") : Optional.empty(),
                copy ? Optional.of("ab") : Optional.empty());
    }

    @Test
    void eachCaseHasItsAction() {
        assertEquals(JobFilesRestore.Action.NONE, JobFilesRestore.decide(entry(10, true), OptionalLong.of(10), true));
        assertEquals(
                JobFilesRestore.Action.TRUNCATE, JobFilesRestore.decide(entry(10, true), OptionalLong.of(15), true));
        assertEquals(
                JobFilesRestore.Action.RESTORE_COPY,
                JobFilesRestore.decide(entry(10, true), OptionalLong.of(15), false));
        assertEquals(
                JobFilesRestore.Action.RESTORE_COPY,
                JobFilesRestore.decide(entry(10, true), OptionalLong.of(4), false));
        assertEquals(
                JobFilesRestore.Action.RESTORE_COPY,
                JobFilesRestore.decide(entry(10, true), OptionalLong.empty(), false));
        assertEquals(
                JobFilesRestore.Action.TRUNCATE, JobFilesRestore.decide(entry(10, false), OptionalLong.of(15), false));
        assertEquals(JobFilesRestore.Action.NONE, JobFilesRestore.decide(entry(10, false), OptionalLong.of(10), false));
        assertEquals(
                JobFilesRestore.Action.REFUSE, JobFilesRestore.decide(entry(10, false), OptionalLong.of(9), false));
        assertEquals(
                JobFilesRestore.Action.REFUSE, JobFilesRestore.decide(entry(10, false), OptionalLong.empty(), false));
    }

    @Test
    void onlyFilesOpenForWritingAtAnExistingPathCount() {
        assertTrue(JobFiles.writable("/out", 01));
        assertTrue(JobFiles.writable("/out", 02102));
        assertTrue(!JobFiles.writable("/in", 0100000));
        assertTrue(!JobFiles.writable("/out (deleted)", 01));
        assertTrue(!JobFiles.writable("pipe:[123]", 01));
        assertEquals(02101, JobFiles.flags("pos:\t0\nflags:\t02101\nmnt_id:\t25\n"));
        assertEquals(-1, JobFiles.flags("pos:\t0\n"));
    }

    @Test
    void aRecordThatIsNotOneIsRefusedWithTheReason() {
        for (String bad : new String[] {
            "[]",
            "{\"files\": 3}",
            "{\"files\": [{\"path\": \"rel\", \"size\": 1}]}",
            "{\"files\": [{\"path\": \"/a\", \"size\": -1}]}",
            "{\"files\": [{\"path\": \"/a\", \"size\": 1, \"copy\": \"../../etc/passwd\"}]}",
            "not json"
        }) {
            assertThrows(IllegalArgumentException.class, () -> JobFiles.parse(bad), bad);
        }
    }

    /** This JVM stands for the stopped job: a file it writes is recorded with a copy, and put back later. */
    @Test
    void aFileWrittenAfterTheDumpIsPutBackBeforeTheRestore() throws Exception {
        Path gen = Files.createDirectories(tmp.resolve("gen"));
        Path out = tmp.resolve("out.txt");
        Path big = tmp.resolve("big.txt");
        try (FileOutputStream o = new FileOutputStream(out.toFile());
                FileOutputStream b = new FileOutputStream(big.toFile())) {
            o.write("line 1\nline 2\n".getBytes(StandardCharsets.UTF_8));
            b.write(new byte[200]);
            List<JobFiles.Entry> recorded = JobFiles.record(
                    ProcFs.system(), List.of(ProcessHandle.current().pid()), gen, 100);
            JobFiles.Entry e = recorded.stream()
                    .filter(x -> x.path().equals(out.toString()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(14, e.size());
            assertTrue(e.copy().isPresent() && Files.exists(gen.resolve(e.copy().get())));
            JobFiles.Entry large = recorded.stream()
                    .filter(x -> x.path().equals(big.toString()))
                    .findFirst()
                    .orElseThrow();
            assertTrue(large.copy().isEmpty(), "above the copy limit: size only");
            assertEquals(recorded, JobFiles.parse(Files.readString(gen.resolve(JobFiles.RECORD))));
        }
        // the job wrote on: one more line (grown) and a changed first line (changed below the dump's size)
        Files.writeString(out, "LINE 1\nline 2\nline 3\n");
        Files.write(big, new byte[300]);
        JobFilesRestore.Outcome o = JobFilesRestore.reconcile(gen, UID);
        assertEquals(Optional.empty(), o.refusal());
        assertEquals("line 1\nline 2\n", Files.readString(out), "written back from the copy");
        assertEquals(200, Files.size(big), "truncated to its size at the dump");
        assertEquals(2, o.done().size(), o.done().toString());
        // and again: nothing left to do
        assertEquals(List.of(), JobFilesRestore.reconcile(gen, UID).done());
    }

    @Test
    void aFileWithoutACopyThatShrankIsRefusedByName() throws Exception {
        Path gen = Files.createDirectories(tmp.resolve("gen"));
        Path big = tmp.resolve("results.dat");
        Files.write(big, new byte[50]);
        Files.writeString(
                gen.resolve(JobFiles.RECORD),
                JobFiles.json(
                        List.of(new JobFiles.Entry(big.toString(), 100, false, Optional.empty(), Optional.empty()))));
        JobFilesRestore.Outcome o = JobFilesRestore.reconcile(gen, UID);
        assertTrue(
                o.refusal()
                        .orElseThrow()
                        .contains("file " + big + " the job had open at the dump is now 50 bytes,"
                                + " shorter than the 100 bytes it had then"),
                o.refusal().get());
        assertEquals(50, Files.size(big), "a refused restore changes nothing");
    }

    @Test
    void aLinkPlantedAtTheFilesPathIsNeverFollowed() throws Exception {
        Path gen = Files.createDirectories(tmp.resolve("gen"));
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path path = tmp.resolve("out.txt");
        Files.createSymbolicLink(path, victim);
        Files.writeString(gen.resolve("file-copy-0"), "job data");
        Files.writeString(
                gen.resolve(JobFiles.RECORD),
                JobFiles.json(List.of(
                        new JobFiles.Entry(path.toString(), 8, false, Optional.of("file-copy-0"), Optional.of("00")))));
        JobFilesRestore.Outcome o = JobFilesRestore.reconcile(gen, UID);
        assertTrue(
                o.refusal().orElseThrow().contains("is no longer a regular file"),
                o.refusal().get());
        assertEquals("precious", Files.readString(victim));
    }
}
