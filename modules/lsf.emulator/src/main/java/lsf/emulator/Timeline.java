package lsf.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** What happened in a simulation, in order, with the time since it began. Thread-safe. */
public final class Timeline {
    /** One event: milliseconds since the start, the job it concerns, what, and details. */
    public record Event(long millis, long jobId, String what, String detail) {
        /** One line for people: {@code   12.3 s  job 101  checkpoint done  (echkpnt.criu exited 0)}. */
        public String line() {
            return String.format("%7.1f s  job %-6d %-18s %s", millis / 1000.0, jobId, what, detail);
        }
    }

    private final long start = System.nanoTime();
    private final List<Event> events = new ArrayList<>();
    private final Consumer<Event> listener;

    public Timeline(Consumer<Event> listener) {
        this.listener = listener;
    }

    public void add(long jobId, String what, String detail) {
        Event e = new Event((System.nanoTime() - start) / 1_000_000, jobId, what, detail);
        synchronized (events) {
            events.add(e);
        }
        listener.accept(e);
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events named {@code what}. */
    public List<Event> named(String what) {
        return events().stream().filter(e -> e.what().equals(what)).toList();
    }
}
