package io.github.rustinstruments.maven.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.tools.plugin.generator.HtmlToPlainTextConverter;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The built descriptors, as their readers show them: {@code mvn help:describe} reads {@code plugin.xml} as HTML
 * (through the same converter used here), the generated help goal prints {@code plugin-help.xml} as it is. The
 * examples of the javadoc must come out intact from both.
 */
class PluginDescriptorTest {
    private static final String HELP_XML =
            "META-INF/maven/io.github.rustinstruments/rust-instruments-maven-plugin/plugin-help.xml";

    /** goal/parameter (or goal) to its description, as help:describe shows it. */
    private static Map<String, String> describe() throws Exception {
        Map<String, String> shown = new LinkedHashMap<>();
        read("META-INF/maven/plugin.xml").forEach((key, html) -> shown.put(key, new HtmlToPlainTextConverter()
                .convert(html)));
        return shown;
    }

    private static Map<String, String> read(String resource) throws Exception {
        Document document;
        // the build's own file: the class path may hold other plugins' descriptors under the same name
        Path file = Path.of("target/classes").resolve(resource);
        assertTrue(Files.isRegularFile(file), file + " is built before the tests run (process-classes)");
        try (InputStream in = Files.newInputStream(file)) {
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Map<String, String> descriptions = new LinkedHashMap<>();
        NodeList mojos = document.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal");
            descriptions.put(goal, child(mojo, "description"));
            NodeList parameters = mojo.getElementsByTagName("parameter");
            for (int j = 0; j < parameters.getLength(); j++) {
                Element parameter = (Element) parameters.item(j);
                descriptions.put(goal + "/" + child(parameter, "name"), child(parameter, "description"));
            }
        }
        return descriptions;
    }

    private static String child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent();
            }
        }
        return null;
    }

    @Test
    void helpDescribeShowsPlaceholdersAndXmlExamplesIntact() throws Exception {
        Map<String, String> shown = describe();

        assertTrue(shown.get("leaks").contains("Writes <run>/leaks.json"), shown.get("leaks"));
        assertTrue(shown.get("allocations").contains("under <outputDirectory>/<run>/"), shown.get("allocations"));
        assertTrue(shown.get("allocations/cargoProfile").contains("CARGO_PROFILE_<NAME>_DEBUG=true"),
                shown.get("allocations/cargoProfile"));
        assertTrue(shown.get("allocations/crateDirectory").contains("else ${basedir}/src/main/rust."),
                shown.get("allocations/crateDirectory"));
        assertTrue(shown.get("allocations/runs").contains(
                "<run><name>parse-small</name><args><arg>small.json</arg></args></run>"), shown.get("allocations/runs"));
    }

    @Test
    void theHelpGoalReadsThePlainTextOfTheSameJavadoc() throws Exception {
        Map<String, String> help = read(HELP_XML);

        assertTrue(help.get("leaks").contains("Writes <run>/leaks.json"), help.get("leaks"));
        assertTrue(help.get("allocations/crateDirectory").contains("else ${basedir}/src/main/rust."),
                help.get("allocations/crateDirectory"));
        assertFalse(help.get("allocations/cargoProfile").contains("&lt;"), "plain text, not HTML");
        Map<String, String> shown = describe();
        assertEquals(help.get("allocations/cargoProfile"), shown.get("allocations/cargoProfile"));
    }

    @Test
    void theTestOnlyPlatformSwitchIsNoParameter() throws Exception {
        Map<String, String> shown = describe();

        assertTrue(shown.containsKey("allocations/profiler"), "parameters are read: " + shown.keySet());
        shown.forEach((key, text) -> {
            assertFalse(key.endsWith("/platformOverride"), key);
            assertFalse(text != null && text.contains(AbstractRustInstrumentsMojo.PLATFORM_PROPERTY), key);
        });
    }
}
