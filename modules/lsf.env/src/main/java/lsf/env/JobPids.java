package lsf.env;

import java.util.List;
import java.util.Optional;

/**
 * What {@code bjobs -o pids -json} said of a job: its PIDs (empty when LSF does not know them
 * yet), or the error LSF gave.
 */
public record JobPids(List<Long> pids, Optional<String> error) {
    public JobPids {
        pids = List.copyOf(pids);
    }

    static JobPids failed(String error) {
        return new JobPids(List.of(), Optional.of(error));
    }
}
