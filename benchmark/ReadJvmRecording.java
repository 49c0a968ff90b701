import io.github.rustinstruments.maven.analysis.LibraryScope;
import io.github.rustinstruments.maven.trace.Profile;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's JVM "reader alone" row: reads a heaptrack recording of a JVM with a library scope, as JVM mode
 * does ({@code LibraryScope.read}: the reader with the library's predicate), in a fresh JVM (no Maven, no report),
 * and prints the whole process's totals (compared with heaptrack_print's) and the library-scoped ones.
 * Compiled and run by run.sh against the installed plugin jar.
 */
public final class ReadJvmRecording {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ReadJvmRecording LIBRARY-FILE-NAME RECORDING");
            System.exit(2);
        }
        long start = System.nanoTime();
        LibraryScope scope = LibraryScope.of(List.of(args[0]));
        Profile profile = scope.read(Path.of(args[1]));
        LibraryScope.Totals library = scope.totals(profile);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("allocations=" + profile.allocations());
        System.out.println("temporaryAllocations=" + profile.temporaryAllocations());
        System.out.println("peakHeapBytes=" + profile.peakHeapBytes());
        System.out.println("leakedBytes=" + profile.leakedBytes());
        System.out.println("stacks=" + profile.stacks().size());
        System.out.println("library.allocations=" + library.allocations());
        System.out.println("library.allocatedBytes=" + library.allocatedBytes());
        System.out.println("library.temporaryAllocations=" + library.temporaryAllocations());
        System.out.println("library.peakBytes=" + library.peakBytes());
        System.out.println("library.leakedBytes=" + library.leakedBytes());
        System.out.println("library.leakedBlocks=" + library.leakedBlocks());
        System.out.println("library.stacks=" + library.stacks());
        System.out.println("library.possiblyCutStacks=" + library.possiblyCutStacks());
        System.out.println("readMillis=" + millis);
    }
}
