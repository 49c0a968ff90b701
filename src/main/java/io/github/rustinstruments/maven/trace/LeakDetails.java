package io.github.rustinstruments.maven.trace;

import java.util.List;

/**
 * What a leak checker (valgrind memcheck) says beyond plain figures.
 *
 * @param kinds   bytes and blocks per reachability class
 * @param records each loss record, with its allocation stack
 * @param errors  memory errors that are not leaks (invalid reads and writes, uninitialised values, bad frees)
 */
public record LeakDetails(LeakKindTotals kinds, List<LeakRecord> records, List<MemoryError> errors) {

    /**
     * Bytes and blocks per reachability class, as memcheck classifies them.
     */
    public record LeakKindTotals(long definitelyLostBytes, long definitelyLostBlocks, long indirectlyLostBytes,
            long indirectlyLostBlocks, long possiblyLostBytes, long possiblyLostBlocks, long stillReachableBytes,
            long stillReachableBlocks) {}

    /**
     * One loss record.
     *
     * @param kind   {@code Leak_DefinitelyLost}, {@code Leak_IndirectlyLost}, {@code Leak_PossiblyLost} or
     *               {@code Leak_StillReachable}
     * @param bytes  leaked bytes
     * @param blocks leaked blocks
     * @param frames the allocation stack, innermost first
     */
    public record LeakRecord(String kind, long bytes, long blocks, List<Frame> frames) {}

    /**
     * One memory error.
     *
     * @param kind   memcheck's kind, e.g. {@code InvalidRead}, {@code UninitCondition}, {@code MismatchedFree}
     * @param what   memcheck's description
     * @param frames where it happened, innermost first
     */
    public record MemoryError(String kind, String what, List<Frame> frames) {}
}
