package lsfcriu.it;

import java.util.List;
import lsf.emulator.JobSpec;

/** Command lines for the emulator. */
final class JobSpecs {
    private JobSpecs() {}

    static String line(String... words) {
        return JobSpec.commandLine(List.of(words));
    }
}
