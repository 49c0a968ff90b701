package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.gate.GatedRuns;
import io.github.rustinstruments.maven.gate.SummarySet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The runs a project's configuration records, read from its model: what {@code verify} gates and
 * {@code baseline} stores, besides the runs recorded by the current build.
 *
 * <ul>
 *   <li>every execution of a recording goal ({@link #SOURCES}) records the runs its configuration names, or the
 *       goal's default run when it names none;</li>
 *   <li>the plugin-level configuration is what a recording goal run from the command line uses: its
 *       {@code <runs>} count, and {@code default} counts when no execution binds a recording goal (the project
 *       records from the command line, or not at all) and the plugin-level configuration names no runs.</li>
 * </ul>
 */
final class ProjectRuns {
    /** The plugin's key, when Maven does not say (a mojo made with {@code new}). */
    static final String PLUGIN_KEY = "io.github.rustinstruments:rust-instruments-maven-plugin";

    /**
     * A goal that records runs: how its configuration names them, and the run it records when it names none.
     *
     * @param goal       the goal's name
     * @param names      the run names in a configuration (empty when it names none)
     * @param defaultRun the run recorded when the configuration names none
     */
    record Source(String goal, Function<Xpp3Dom, List<String>> names, String defaultRun) {}

    /** Every goal that writes summaries; a new recording goal is one more line here. */
    static final List<Source> SOURCES = List.of(
            new Source("allocations", ProjectRuns::namedRuns, "default"),
            new Source("leaks", ProjectRuns::namedRuns, "default"),
            new Source("report", configuration -> single(configuration, "run"), "default"),
            new Source("jvm-allocations", configuration -> single(configuration, "run"), "jvm"));

    private ProjectRuns() {}

    /**
     * The summaries to gate or store: those of the configured runs and of the runs this build recorded.
     *
     * @param pluginKey {@code groupId:artifactId} of this plugin; {@code null} for {@link #PLUGIN_KEY}
     */
    static GatedRuns select(SummarySet found, MavenProject project, MavenSession session, String pluginKey) {
        List<String> thisBuild = List.of();
        Date start = session == null || session.getRequest() == null ? null : session.getRequest().getStartTime();
        if (start != null) {
            thisBuild = found.runsWrittenSince(Instant.ofEpochMilli(start.getTime()));
        }
        return GatedRuns.select(found, configured(project, pluginKey), thisBuild);
    }

    /** The runs the project's configuration of this plugin records, sorted. */
    static Set<String> configured(MavenProject project, String pluginKey) {
        String key = pluginKey == null ? PLUGIN_KEY : pluginKey;
        Plugin plugin = project == null ? null : project.getPlugin(key);
        if (plugin == null && project != null && project.getPluginManagement() != null) {
            plugin = project.getPluginManagement().getPluginsAsMap().get(key);
        }
        Set<String> runs = new TreeSet<>();
        if (plugin == null) {
            runs.add("default");
            return runs;
        }
        Xpp3Dom pluginConfiguration = dom(plugin.getConfiguration());
        boolean recordingBound = false;
        for (PluginExecution execution : plugin.getExecutions()) {
            Xpp3Dom configuration = dom(execution.getConfiguration());
            for (String goal : execution.getGoals()) {
                for (Source source : SOURCES) {
                    if (!source.goal().equals(goal)) {
                        continue;
                    }
                    recordingBound = true;
                    // Maven merges the plugin-level configuration into each execution's; look there too anyway
                    List<String> names = source.names().apply(configuration);
                    if (names.isEmpty()) {
                        names = source.names().apply(pluginConfiguration);
                    }
                    runs.addAll(names.isEmpty() ? List.of(source.defaultRun()) : names);
                }
            }
        }
        List<String> commandLine = namedRuns(pluginConfiguration);
        runs.addAll(commandLine);
        if (!recordingBound && commandLine.isEmpty()) {
            runs.add("default");
        }
        return runs;
    }

    private static Xpp3Dom dom(Object configuration) {
        return configuration instanceof Xpp3Dom dom ? dom : null;
    }

    /** {@code <runs><run><name>x</name>...</run></runs>}. */
    private static List<String> namedRuns(Xpp3Dom configuration) {
        List<String> names = new ArrayList<>();
        Xpp3Dom runs = configuration == null ? null : configuration.getChild("runs");
        if (runs == null) {
            return names;
        }
        for (Xpp3Dom run : runs.getChildren()) {
            Xpp3Dom name = run.getChild("name");
            if (name != null && name.getValue() != null && !name.getValue().isBlank()) {
                names.add(name.getValue().trim());
            }
        }
        return names;
    }

    /** A single-valued parameter such as {@code <run>jvm</run>}. */
    private static List<String> single(Xpp3Dom configuration, String parameter) {
        Xpp3Dom child = configuration == null ? null : configuration.getChild(parameter);
        if (child == null || child.getValue() == null || child.getValue().isBlank()) {
            return List.of();
        }
        return List.of(child.getValue().trim());
    }
}
