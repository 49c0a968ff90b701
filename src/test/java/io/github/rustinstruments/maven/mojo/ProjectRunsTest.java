package io.github.rustinstruments.maven.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.PluginManagement;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.junit.jupiter.api.Test;

class ProjectRunsTest {
    private static final String RUNS = "<configuration><runs><run><name>regex-small</name></run>"
            + "<run><name>regex-4m</name><args><arg>4m</arg></args></run></runs>"
            + "<rules><rule><runs><run>regex-*</run></runs></rule></rules></configuration>";

    private static Xpp3Dom dom(String xml) {
        try {
            return Xpp3DomBuilder.build(new StringReader(xml));
        } catch (XmlPullParserException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PluginExecution execution(String configuration, String... goals) {
        PluginExecution execution = new PluginExecution();
        execution.setId(String.join("-", goals));
        execution.setGoals(List.of(goals));
        if (configuration != null) {
            execution.setConfiguration(dom(configuration));
        }
        return execution;
    }

    private static MavenProject project(String configuration, PluginExecution... executions) {
        Plugin plugin = new Plugin();
        plugin.setGroupId("io.github.rustinstruments");
        plugin.setArtifactId("rust-instruments-maven-plugin");
        if (configuration != null) {
            plugin.setConfiguration(dom(configuration));
        }
        plugin.setExecutions(List.of(executions));
        Model model = new Model();
        model.setBuild(new Build());
        model.getBuild().addPlugin(plugin);
        return new MavenProject(model);
    }

    @Test
    void runsOfBoundRecordingGoalsNotDefault() {
        MavenProject project = project(RUNS, execution(null, "allocations", "leaks", "verify"));
        assertEquals(Set.of("regex-4m", "regex-small"), ProjectRuns.configured(project, null));
    }

    @Test
    void anExecutionsOwnRuns() {
        MavenProject project = project(null,
                execution("<configuration><runs><run><name>small</name></run></runs></configuration>", "allocations"),
                execution(null, "leaks"), execution(null, "verify"));
        assertEquals(Set.of("small", "default"), ProjectRuns.configured(project, null),
                "a recording goal that names no run records default");
    }

    @Test
    void withoutBoundRecordingGoalsTheCommandLineRecordsThePluginLevelRuns() {
        assertEquals(Set.of("regex-4m", "regex-small"), ProjectRuns.configured(project(RUNS), null));
        assertEquals(Set.of("default"), ProjectRuns.configured(project("<configuration/>"), null));
        assertEquals(Set.of("default"), ProjectRuns.configured(new MavenProject(new Model()), null),
                "the plugin not declared at all");
    }

    @Test
    void theJvmRunIsOneMoreSource() {
        MavenProject project = project(RUNS, execution(null, "allocations"), execution(null, "jvm-allocations"));
        assertEquals(Set.of("regex-4m", "regex-small", "jvm"), ProjectRuns.configured(project, null));
        MavenProject named = project(null, execution("<configuration><run>jni-tests</run></configuration>",
                "jvm-allocations"));
        assertEquals(Set.of("jni-tests"), ProjectRuns.configured(named, null),
                "a JVM-only project does not gate a stale default run");
    }

    @Test
    void reportExecutionsRecordTheirRun() {
        MavenProject project = project(null, execution(null, "allocations"),
                execution("<configuration><run>from-ci</run></configuration>", "report"));
        assertEquals(Set.of("default", "from-ci"), ProjectRuns.configured(project, null));
    }

    @Test
    void pluginManagementCountsForTheCommandLine() {
        Plugin plugin = new Plugin();
        plugin.setGroupId("io.github.rustinstruments");
        plugin.setArtifactId("rust-instruments-maven-plugin");
        plugin.setConfiguration(dom(RUNS));
        Model model = new Model();
        model.setBuild(new Build());
        model.getBuild().setPluginManagement(new PluginManagement());
        model.getBuild().getPluginManagement().addPlugin(plugin);
        assertEquals(Set.of("regex-4m", "regex-small"), ProjectRuns.configured(new MavenProject(model), null));
    }
}
