package hooks.programs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where POST_EXEC writes the end-of-run summary's text: next to the job's output file
 * ({@code LSB_OUTPUTFILE}), which a relative {@code -o} names from the job's working directory
 * ({@code LS_SUBCWD}), not from POST_EXEC's ({@code /tmp}); nowhere when the job has no output
 * file, writes to {@code /dev/null}, or names a relative one with no working directory to read it
 * from (the JSON summary in the checkpoint directory is written in every case). Pure.
 *
 * @param path the summary's path, when it has one
 * @param why why it has none (for the job's log), or empty
 * @param warning the reason is worth a warning (the job asked for an output file the summary cannot follow)
 */
record SummaryTarget(Optional<Path> path, Optional<String> why, boolean warning) {
    /** The target of summary {@code name} for output file {@code outputFile} and working directory {@code subCwd}. */
    static SummaryTarget of(Optional<String> outputFile, Optional<String> subCwd, String name) {
        Optional<Path> output =
                outputFile.map(Path::of).filter(p -> !p.toString().equals("/dev/null"));
        Optional<String> cwd = subCwd.filter(d -> d.startsWith("/"));
        if (output.isEmpty()) {
            return new SummaryTarget(
                    Optional.empty(), Optional.of("no summary next to the output: the job has no output file"), false);
        }
        if (!output.get().isAbsolute() && cwd.isEmpty()) {
            return new SummaryTarget(
                    Optional.empty(),
                    Optional.of("no summary next to the output: LSB_OUTPUTFILE '" + output.get() + "' is relative and"
                            + " LS_SUBCWD does not say to what (the JSON summary is in the checkpoint directory)"),
                    true);
        }
        Path file =
                output.get().isAbsolute() ? output.get() : Path.of(cwd.get()).resolve(output.get());
        return new SummaryTarget(Optional.of(file.resolveSibling(name)), Optional.empty(), false);
    }
}
