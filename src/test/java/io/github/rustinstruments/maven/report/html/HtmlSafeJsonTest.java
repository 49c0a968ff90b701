package io.github.rustinstruments.maven.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlSafeJsonTest {

    @Test
    void markupCharactersAreUnicodeEscapes() {
        String json = HtmlSafeJson.write(Map.of("f", "<alloc::vec::Vec<T> as Drop>::drop</script><!-- & -->"));

        assertEquals("{\"f\":\"\\u003calloc::vec::Vec\\u003cT\\u003e as Drop\\u003e::drop\\u003c/script\\u003e"
                + "\\u003c!-- \\u0026 --\\u003e\"}", json);
        assertFalse(json.contains("<"));
        assertFalse(json.contains(">"));
        assertFalse(json.contains("&"));
    }

    @Test
    void lineSeparatorsAndControlCharactersAreEscapedAndOtherTextKept() {
        String json = HtmlSafeJson.write(List.of("a\u2028b\u2029c", "tab\there \"q\" \\ \u0001", "punycode: mañana 🦀"));

        assertEquals("[\"a\\u2028b\\u2029c\",\"tab\\there \\\"q\\\" \\\\ \\u0001\",\"punycode: mañana 🦀\"]", json);
    }

    @Test
    void roundTripsThroughAJsonParser() throws Exception {
        String text = "</SCRIPT> <!-- \u2028 <\u0000> & 'x' \"y\"";

        String json = HtmlSafeJson.write(List.of(text));

        assertEquals(List.of(text), new ObjectMapper().readValue(json, List.class));
    }
}
