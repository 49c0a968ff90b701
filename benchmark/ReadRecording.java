import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.Profile;
import java.nio.file.Path;

/**
 * The benchmark's "reader alone" row: reads a heaptrack recording with the plugin's HeaptrackReader in a fresh JVM
 * (no Maven, no report) and prints its totals. Compiled and run by run.sh against target/classes.
 */
public final class ReadRecording {

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ReadRecording RECORDING");
            System.exit(2);
        }
        long start = System.nanoTime();
        Profile profile = HeaptrackReader.read(Path.of(args[0]));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("allocations=" + profile.allocations());
        System.out.println("temporaryAllocations=" + profile.temporaryAllocations());
        System.out.println("peakHeapBytes=" + profile.peakHeapBytes());
        System.out.println("leakedBytes=" + profile.leakedBytes());
        System.out.println("stacks=" + profile.stacks().size());
        System.out.println("timelineSamples=" + profile.timeline().size());
        System.out.println("readMillis=" + millis);
    }
}
