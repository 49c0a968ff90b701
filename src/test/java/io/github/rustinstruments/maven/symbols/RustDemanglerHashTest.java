package io.github.rustinstruments.maven.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RustDemangler#demangle(String, boolean)} with the hash shown: rustc-demangle's {@code {}} form. */
class RustDemanglerHashTest {

    /** rustc-demangle's legacy vectors in their non-alternate form (hash kept). */
    static Stream<Arguments> legacyWithHash() {
        return Stream.of(
                arguments("_ZN4testE", "test"),
                arguments("_ZN3foo17h05af221e174051e9E", "foo::h05af221e174051e9"),
                arguments("_ZN3foo3barE", "foo::bar"),
                arguments("_ZN9backtrace3foo17hbb467fcdaea5d79bE.llvm.A5310EB9",
                        "backtrace::foo::hbb467fcdaea5d79b"),
                arguments("__ZN5alloc9allocator6Layout9for_value17h02a996811f781011E",
                        "alloc::allocator::Layout::for_value::h02a996811f781011"),
                arguments("_ZN5mylib5parse17h0123456789abcdefE", "mylib::parse::h0123456789abcdef"),
                arguments("_ZN3fooE.llvm.9D1C9369", "foo"));
    }

    /** The half-demangled form heaptrack and Instruments show keeps its hash too, escapes decoded. */
    static Stream<Arguments> halfDemangledWithHash() {
        return Stream.of(
                arguments("demo::make::h52403682f56ce9e7", "demo::make::h52403682f56ce9e7"),
                arguments("_$LT$alloc..vec..Vec$LT$T$GT$$GT$::push::h0123456789abcdef",
                        "<alloc::vec::Vec<T>>::push::h0123456789abcdef"),
                arguments("<alloc::vec::Vec<T> as core::ops::Drop>::drop::h0123456789abcdef",
                        "<alloc::vec::Vec<T> as core::ops::Drop>::drop::h0123456789abcdef"),
                arguments("mylib::parse", "mylib::parse"),
                arguments("malloc", "malloc"));
    }

    /** Vectors of rustc's rust-demangler tool (crate disambiguators shown); const suffixes are not printed here. */
    static Stream<Arguments> v0WithDisambiguators() {
        return Stream.of(
                arguments("_RNvC6_123foo3bar", "123foo::bar"),
                arguments("_RNCNCNgCs6DXkGYLi8lr_2cc5spawn00B5_",
                        "cc[4d6468d6c9fd4bb3]::spawn::{closure#0}::{closure#0}"),
                arguments("_RNCINkXs25_NgCsbmNqQUJIY6D_4core5sliceINyB9_4IterhENuNgNoBb_4iter8iterator8Iterator"
                                + "9rpositionNCNgNpB9_6memchr7memrchrs_0E0Bb_",
                        "<core[846817f741e54dfd]::slice::Iter<u8> as core[846817f741e54dfd]::iter::iterator::Iterator>"
                                + "::rposition::<core[846817f741e54dfd]::slice::memchr::memrchr::{closure#1}>"
                                + "::{closure#0}"),
                arguments("_RINbNbCskIICzLVDPPb_5alloc5alloc8box_freeDINbNiB4_5boxed5FnBoxuEp6OutputuEL_"
                                + "ECs1iopQbuBiw2_3std",
                        "alloc[f15a878b47eb696b]::alloc::box_free::<dyn alloc[f15a878b47eb696b]::boxed::FnBox<(), "
                                + "Output = ()>>"),
                arguments("_RMCs4fqI2P2rA04_13const_genericINtB0_4BoolKb0_E",
                        "<const_generic[317d481089b8c8fe]::Bool<false>>"),
                arguments("_RMCs4fqI2P2rA04_13const_genericINtB0_4CharKc76_E",
                        "<const_generic[317d481089b8c8fe]::Char<'v'>>"),
                arguments("_RNvNvMCs4fqI2P2rA04_13const_genericINtB4_3FooKpE3foo3FOO",
                        "<const_generic[317d481089b8c8fe]::Foo<_>>::foo::FOO"),
                arguments("_RC3foo.llvm.9D1C9369", "foo"),
                arguments("_RNvC9backtrace3foo.llvm.A5310EB9", "backtrace::foo"),
                arguments("_RNvNtNtNtNtCs92dm3009vxr_4rand4rngs7adapter9reseeding4fork23FORK_HANDLER_REGISTERED.0.0",
                        "rand[693ea8e72247470f]::rngs::adapter::reseeding::fork::FORK_HANDLER_REGISTERED.0.0"));
    }

    @ParameterizedTest
    @MethodSource("legacyWithHash")
    void legacySymbolsKeepTheirHash(String mangled, String expected) {
        assertEquals(expected, RustDemangler.demangle(mangled, true));
    }

    @ParameterizedTest
    @MethodSource("halfDemangledWithHash")
    void halfDemangledSymbolsKeepTheirHash(String symbol, String expected) {
        assertEquals(expected, RustDemangler.demangle(symbol, true));
    }

    @ParameterizedTest
    @MethodSource("v0WithDisambiguators")
    void v0CrateRootsShowTheirDisambiguator(String mangled, String expected) {
        assertEquals(expected, RustDemangler.demangle(mangled, true));
    }

    @ParameterizedTest
    @MethodSource({"legacyWithHash", "halfDemangledWithHash", "v0WithDisambiguators"})
    void withoutTheHashTheOverloadIsTheOneArgumentForm(String symbol, String ignored) {
        assertEquals(RustDemangler.demangle(symbol), RustDemangler.demangle(symbol, false));
    }

    @Test
    void hashlessFormsStayAsBefore() {
        assertEquals("foo", RustDemangler.demangle("_ZN3foo17h05af221e174051e9E", false));
        assertEquals("demo::make", RustDemangler.demangle("demo::make::h52403682f56ce9e7", false));
        assertEquals("cc::spawn::{closure#0}::{closure#0}",
                RustDemangler.demangle("_RNCNCNgCs6DXkGYLi8lr_2cc5spawn00B5_", false));
    }

    @Test
    void nullEmptyAndMalformedInputAreReturnedUnchanged() {
        assertNull(RustDemangler.demangle(null, true));
        assertEquals("", RustDemangler.demangle("", true));
        assertEquals("_ZN3foo", RustDemangler.demangle("_ZN3foo", true));
        assertEquals("_RNvC", RustDemangler.demangle("_RNvC", true));
    }

    @Test
    void theCrateOfAHashedNameIsStillFound() {
        assertEquals("mylib", CrateGuess.crateOf(RustDemangler.demangle("_ZN5mylib5parse17h0123456789abcdefE",
                true)));
    }
}
