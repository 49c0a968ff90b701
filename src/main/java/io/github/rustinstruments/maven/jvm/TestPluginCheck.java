package io.github.rustinstruments.maven.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What in a Surefire or Failsafe configuration would keep its forked JVMs from the launcher or the library: an
 * explicit {@code <argLine>} that hides the {@code argLine} property, an explicit {@code <jvm>} that wins over the
 * {@code jvm} property, and a {@code -Djava.library.path} after {@code @{argLine}} (the last one wins); and what keeps
 * them from the test markers listener: explicit {@code <additionalClasspathElements>}, which hide the
 * {@code maven.test.additionalClasspath} property.
 */
public final class TestPluginCheck {
    private TestPluginCheck() {}

    /**
     * @param where     the plugin and the place of the configuration, e.g. {@code maven-surefire-plugin (execution
     *                  default-test)}
     * @param argLine   its explicit {@code <argLine>}; {@code null} when none
     * @param jvm       its explicit {@code <jvm>}; {@code null} when none
     * @param launcher  the launcher's {@code java}, which a {@code <jvm>} of {@code ${jvm}} names
     * @return the warnings, each saying what to change
     */
    public static List<String> warnings(String where, String argLine, String jvm, String launcher) {
        List<String> warnings = new ArrayList<>();
        if (argLine != null && !argLine.isBlank()) {
            if (!ArgLine.usesProperty(argLine)) {
                warnings.add(where + " sets <argLine> without @{argLine}, so its JVMs do not get the library's"
                        + " directory and the perf-map flags prepare-jvm put into the argLine property: put @{argLine}"
                        + " in front of it, e.g. <argLine>@{argLine} " + argLine.trim() + "</argLine>");
            } else {
                int property = Math.max(argLine.indexOf("@{argLine}"), argLine.indexOf("${argLine}"));
                if (argLine.indexOf(ArgLine.LIBRARY_PATH, property) >= 0) {
                    warnings.add(where + " sets -Djava.library.path after @{argLine}; the JVM keeps only the last"
                            + " one, so the library's directory is lost: put its -Djava.library.path before"
                            + " @{argLine}, which prepare-jvm extends");
                }
            }
        }
        if (jvm != null && !jvm.isBlank() && !jvm.trim().equals(launcher) && !jvm.contains("${jvm}")) {
            warnings.add(where + " sets <jvm>" + jvm.trim() + "</jvm>, which wins over the jvm property, so its"
                    + " tests do not run under the profiler: remove <jvm> there and give that java to prepare-jvm"
                    + " instead (<jvm> in its configuration, or -Drust-instruments.jvm); the launcher runs it");
        }
        return warnings;
    }

    /**
     * @param where    the plugin and the place of the configuration
     * @param elements its explicit {@code <additionalClasspathElements>}; {@code null} when none
     * @param jar      the listener's jar
     * @return the warning, saying what to change; empty when the elements hold the jar, or there are none
     */
    public static Optional<String> listenerWarning(String where, List<String> elements, String jar) {
        if (elements == null || elements.stream().anyMatch(element -> element != null && element.trim().equals(jar))) {
            return Optional.empty();
        }
        return Optional.of(where + " sets <additionalClasspathElements>, which wins over the "
                + JUnitListenerJar.ADDITIONAL_CLASSPATH + " property, so its JVMs do not get the plugin's JUnit"
                + " listener and the run gets no per-test split: add <additionalClasspathElement>" + jar
                + "</additionalClasspathElement> there");
    }
}
