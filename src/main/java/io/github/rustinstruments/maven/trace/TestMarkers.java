package io.github.rustinstruments.maven.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The test markers one test JVM wrote: the plugin's JUnit Platform listener allocates (and frees) a native block at
 * each test's start and end, of a size that encodes the event's sequence number, and writes beside the JVM's
 * recording which event each marker is ({@code jvm-<pid>.tests}, UTF-8):
 *
 * <pre>
 * # rust-instruments test markers 1
 * 0 start 305416 com.example.CodecTest#leaks
 * 1 end 305424 com.example.CodecTest#leaks
 * </pre>
 *
 * Readers find the markers in the allocation stream in this order ({@link #sizeOf}) and leave them out of every
 * figure. Heaptrack's clock cannot do it: it writes a time stamp only about every 10 ms and no thread ids. The
 * sizes are multiples of 8 (the JDK rounds direct buffers up to one) in a band no common allocation falls into, and
 * the sequence makes a stray allocation of the same size at the same moment all but impossible to mistake.
 *
 * @param events the events in the order the listener made them
 */
public record TestMarkers(List<Event> events) {
    /** The file's first line; a file without it is not read. */
    public static final String HEADER = "# rust-instruments test markers 1";
    /** The environment variable through which the launcher tells the listener where to write the file. */
    public static final String ENVIRONMENT_VARIABLE = "RUST_INSTRUMENTS_TEST_MARKERS";
    /** The size of event 0's marker block. */
    public static final long BASE_SIZE = 305_416;
    /** Sequence numbers wrap after this many events, keeping the band narrow. */
    public static final int SIZES = 4096;

    /**
     * One marker.
     *
     * @param sequence the event's number in its JVM, from 0
     * @param start    {@code true} at the test's start, {@code false} at its end
     * @param size     the marker block's size
     * @param test     the test's name ({@code <class>#<method>}, {@code <class>#<method>[<n>]})
     */
    public record Event(int sequence, boolean start, long size, String test) {}

    /** The size of the marker block of the event with this sequence number. */
    public static long sizeOf(int sequence) {
        return BASE_SIZE + 8L * (sequence % SIZES);
    }

    /** Whether an allocation of this size may be a marker. */
    public static boolean inBand(long size) {
        return size >= BASE_SIZE && size < BASE_SIZE + 8L * SIZES && (size - BASE_SIZE) % 8 == 0;
    }

    /**
     * Reads a markers file. A last line cut short (the JVM died while writing it) is left out.
     *
     * @throws RecordingFormatException when the file is not a markers file, or its events are out of sequence
     */
    public static TestMarkers read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new RecordingFormatException(file + " is not a test markers file of this plugin (its first line"
                        + " is not '" + HEADER + "'): run the tests again under prepare-jvm's launcher");
            }
            String line;
            String previous = null;
            while ((line = in.readLine()) != null) {
                if (previous != null) {
                    events.add(event(file, previous, events.size()));
                }
                previous = line;
            }
            if (previous != null) {
                Event last = parse(previous, events.size());
                if (last != null) {
                    events.add(last);
                }
            }
        }
        return new TestMarkers(List.copyOf(events));
    }

    private static Event event(Path file, String line, int expected) throws RecordingFormatException {
        Event event = parse(line, expected);
        if (event == null) {
            throw new RecordingFormatException(file + " has a line that is no test marker, or is out of sequence"
                    + " (expected event " + expected + "): '" + line + "'");
        }
        return event;
    }

    /** {@code null} when the line is not event {@code expected}, in full. */
    private static Event parse(String line, int expected) {
        String[] fields = line.split(" ", 4);
        if (fields.length < 4 || fields[3].isEmpty()) {
            return null;
        }
        try {
            int sequence = Integer.parseInt(fields[0]);
            long size = Long.parseLong(fields[2]);
            boolean start = "start".equals(fields[1]);
            if (sequence != expected || size != sizeOf(sequence) || !start && !"end".equals(fields[1])) {
                return null;
            }
            return new Event(sequence, start, size, fields[3]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
