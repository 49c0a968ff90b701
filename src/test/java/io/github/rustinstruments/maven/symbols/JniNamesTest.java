package io.github.rustinstruments.maven.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.symbols.JniNames.JniMethod;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The JNI specification's mangling rules, read backwards. */
class JniNamesTest {

    @Test
    void aPlainSymbolNamesPackageClassAndMethod() {
        JniMethod m = JniNames.decode("Java_com_example_Codec_leakBlocks").orElseThrow();
        assertEquals("com.example.Codec", m.className());
        assertEquals("leakBlocks", m.methodName());
        assertNull(m.parameters(), "the short form does not give the signature");
        assertEquals("com.example.Codec.leakBlocks", m.qualifiedName());
        assertEquals("com.example.Codec.leakBlocks", m.display());
        assertEquals("com.example.Codec.leakBlocks", JniNames.javaMethodOf("Java_com_example_Codec_leakBlocks"));
    }

    @Test
    void aClassInTheUnnamedPackage() {
        assertEquals("Main.churn", JniNames.javaMethodOf("Java_Main_churn"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // _1 is an underscore, in package, class and method names, also at their start
        "Java_com_example_Codec_leak_1blocks|com.example.Codec.leak_blocks",
        "Java_my_1pkg_Codec_run|my_pkg.Codec.run",
        "Java_com_example_Codec__1init|com.example.Codec._init",
        "Java_com_example__1Hidden_run|com.example._Hidden.run",
        "Java_a_B_m_1_1|a.B.m__",
        // nested classes: '$' is _00024
        "Java_com_example_Codec_00024Inner_close|com.example.Codec$Inner.close",
        "Java_com_example_Outer_00024Mid_00024In_f|com.example.Outer$Mid$In.f",
        // any other character is _0 and its UTF-16 unit, in lowercase or not
        "Java_com_example_Caf_000e9_br_000fbler|com.example.Caf\u00e9.br\u00fbler",
        "Java_com_example_Caf_000E9_run|com.example.Caf\u00e9.run",
        // a name that starts with an escape: "__0" is no signature
        "Java_p_A__0d83d_0de00|p.A.\ud83d\ude00",
    })
    void escapesAreDecoded(String symbol, String expected) {
        assertEquals(expected, JniNames.javaMethodOf(symbol));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Java_com_example_Codec_greet__Ljava_lang_String_2|com.example.Codec.greet(java.lang.String)",
        "Java_com_example_Codec_greet__Ljava_lang_String_2I|com.example.Codec.greet(java.lang.String, int)",
        "Java_com_example_Codec_greet__|com.example.Codec.greet()",
        "Java_p_C_all__ZBCSIJFD|p.C.all(boolean, byte, char, short, int, long, float, double)",
        // _3 is '[': arrays of primitives, of classes, of several dimensions
        "Java_p_C_sum___3I|p.C.sum(int[])",
        "Java_p_C_m___3_3JLjava_lang_Object_2|p.C.m(long[][], java.lang.Object)",
        "Java_p_C_m___3Ljava_lang_String_2|p.C.m(java.lang.String[])",
        // class names in the signature take the same escapes
        "Java_p_C_m__Lcom_example_Codec_00024Inner_2|p.C.m(com.example.Codec$Inner)",
        "Java_p_C_m__Lmy_1pkg_My_1Type_2|p.C.m(my_pkg.My_Type)",
        // an overloaded method whose own name needs escapes
        "Java_p_C_do_1it__I|p.C.do_it(int)",
        "Java_p_C__1m__I|p.C._m(int)",
    })
    void theOverloadedFormGivesTheSignature(String symbol, String expected) {
        assertEquals(expected, JniNames.javaMethodOf(symbol));
    }

    @Test
    void theSignatureIsKeptAsTypes() {
        JniMethod m = JniNames.decode("Java_p_C_m__Ljava_lang_String_2_3B").orElseThrow();
        assertEquals("p.C", m.className());
        assertEquals("m", m.methodName());
        assertEquals(List.of("java.lang.String", "byte[]"), m.parameters());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "Java_", "Java_Main", "java_p_C_m", "JNI_OnLoad", "Java_p_C_", "Java__C_m", "Java_p__C_m_x",
        "main", "_ZN3std2rt10lang_start17h0123456789abcdefE", "Java_p_C_m.cold",
        // a digit after '_' that is no escape (identifiers never start with one)
        "Java_p_C_4m", "Java_p_9C_m",
        // truncated or non-hex _0 escapes
        "Java_p_C_m_0", "Java_p_C_m_0002", "Java_p_C_m_0zz24",
        // characters the JVM spells as themselves are never _0-escaped
        "Java_p_C_m_00041", "Java_p_C_m_0005f", "Java_p_C_m_0002e",
        // ';' and '[' belong in signatures only
        "Java_p_C_m_2", "Java_p_C_3m",
        // malformed signatures
        "Java_p_C_m__V", "Java_p_C_m__Q", "Java_p_C_m__Ljava_lang_String", "Java_p_C_m___3", "Java_p_C_m__L_2",
        "Java_p_C_m__I_", "Java_p_C_m__I__I",
    })
    void whatIsNotAJniMethodSymbolDecodesToNothing(String symbol) {
        assertTrue(JniNames.decode(symbol).isEmpty(), symbol);
        assertNull(JniNames.javaMethodOf(symbol));
        assertFalse(JniNames.isJniSymbol(symbol));
    }

    @Test
    void nullIsNotASymbol() {
        assertTrue(JniNames.decode(null).isEmpty());
        assertNull(JniNames.javaMethodOf(null));
    }

    @Test
    void descriptorsAlone() {
        assertEquals(List.of(), JniNames.parameterTypes(""));
        assertEquals(List.of("int[][]", "java.util.List"), JniNames.parameterTypes("[[ILjava/util/List;"));
        assertNull(JniNames.parameterTypes("L;"));
        assertNull(JniNames.parameterTypes("Ljava//List;"));
        assertNull(JniNames.parameterTypes("["));
    }
}
