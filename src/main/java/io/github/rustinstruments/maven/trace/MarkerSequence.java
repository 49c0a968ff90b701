package io.github.rustinstruments.maven.trace;

import io.github.rustinstruments.maven.summary.Summary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test markers of one JVM met in its allocation stream, in order: which test window is open, for every reader
 * that splits a recording by test. An allocation whose size is the next marker's is that marker (see
 * {@link TestMarkers}); any other allocation, of a marker's size or not, is an ordinary one.
 */
final class MarkerSequence {
    private final List<TestMarkers.Event> events;
    private int next;
    /** Open tests by name, with how many of their windows are open (a name may start twice). */
    private final Map<String, Integer> open = new LinkedHashMap<>();
    private int openWindows;

    MarkerSequence(TestMarkers markers) {
        this.events = markers.events();
    }

    /** Whether an allocation of {@code size} made now is the next marker: if so, the windows change. */
    boolean isNextMarker(long size) {
        if (next >= events.size() || events.get(next).size() != size) {
            return false;
        }
        TestMarkers.Event event = events.get(next++);
        if (event.start()) {
            open.merge(event.test(), 1, Integer::sum);
            openWindows++;
        } else if (open.containsKey(event.test())) {
            open.computeIfPresent(event.test(), (test, n) -> n == 1 ? null : n - 1);
            openWindows--;
        }
        return true;
    }

    /**
     * The window of an allocation made now: the one test running, {@link Summary#OUTSIDE_TESTS} when none is,
     * {@link Summary#OVERLAPPING_TESTS} when several are.
     */
    String window() {
        return openWindows == 0 ? Summary.OUTSIDE_TESTS
                : openWindows == 1 ? open.keySet().iterator().next() : Summary.OVERLAPPING_TESTS;
    }

    /** Whether every marker the listener wrote was met, so the windows are the tests'. */
    boolean complete() {
        return next == events.size();
    }
}
