package hooks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import lsf.emulator.Simulate;

/** {@code lsf-criu simulate ...}: the LSF emulator's demo of this image (see {@link Simulate}). */
final class SimulateCommand implements Subcommand {
    private final ImageLayout layout;
    private final Map<String, String> environment;
    private int jobExit;

    SimulateCommand(ImageLayout layout, Map<String, String> environment) {
        this.layout = layout;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String help() {
        return Simulate.HELP;
    }

    @Override
    public ExitCode run(PrintWriter out, PrintWriter err, String... args) {
        try {
            jobExit = Simulate.run(out, layout.home(), environment, args);
        } catch (Simulate.Usage e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return ExitCode.OK;
    }

    /** The simulated job's exit code: {@code simulate} exits with it. */
    int jobExit() {
        return jobExit;
    }
}
