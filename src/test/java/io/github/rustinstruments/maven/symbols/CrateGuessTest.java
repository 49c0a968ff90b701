package io.github.rustinstruments.maven.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CrateGuessTest {

    static Stream<Arguments> crateCases() {
        return Stream.of(
                arguments("demo::make", "demo"),
                arguments("demo::make::{closure#0}", "demo"),
                arguments("demo::make::{{closure}}", "demo"),
                arguments("<demo::Foo as core::fmt::Display>::fmt", "demo"),
                arguments("<demo::Foo<alloc::string::String> as core::fmt::Display>::fmt", "demo"),
                arguments("<alloc::vec::Vec<T>>::push", "alloc"),
                arguments("<alloc::vec::Vec<demo::Foo> as core::ops::drop::Drop>::drop", "alloc"),
                arguments("<T as core::convert::Into<U>>::into", "core"),
                arguments("<u8 as demo::Trait>::go", "demo"),
                arguments("<&demo::Foo as core::fmt::Debug>::fmt", "core"), // the blanket impl for &T
                arguments("<dyn demo::Shape>::area", "demo"),
                arguments("<[u8]>::ends_with", "core"),
                arguments("<str>::from_utf8", "core"),
                arguments("<<demo::Foo as demo::Tr>::Assoc as core::fmt::Debug>::fmt", "demo"),
                arguments("std::panic::catch_unwind::<std::rt::lang_start_internal::{closure#0}, i32>", "std"),
                arguments("core::slice::<impl [T]>::iter", "core"),
                arguments("__rustc::__rust_alloc", "__rustc"),
                arguments("123foo::bar", "123foo"),
                arguments("_RNvNtCsjrHSEGnQ3l9_3std2rt19lang_start_internal", "std"),
                arguments("_ZN4demo4main17h38e95565b6f46d0eE", "demo"),
                arguments("_$LT$alloc..vec..Vec$LT$T$GT$$GT$::push::h0123456789abcdef", "alloc"),
                arguments("demo::make::h52403682f56ce9e7", "demo"));
    }

    @ParameterizedTest
    @MethodSource("crateCases")
    void findsTheCrate(String name, String crate) {
        assertEquals(crate, CrateGuess.crateOf(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "malloc", "__libc_start_main_impl", "", "{{closure}}", "<T>::x",
        "std::vector<int, std::allocator<int> >::push_back(int const&)", "operator new(unsigned long)", "??"})
    void hasNoCrate(String name) {
        assertNull(CrateGuess.crateOf(name));
    }

    @Test
    void nullHasNoCrate() {
        assertNull(CrateGuess.crateOf(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"std::operator>(int, int)", "Foo::operator[](unsigned long)", "a::b<c>::d(int)"})
    void cppSignaturesWithBracketsHaveNoCrate(String name) {
        assertNull(CrateGuess.crateOf(name));
    }

    @Test
    void closuresAndArrowsInsideTheSelfTypeDoNotEndIt() {
        assertEquals("demo", CrateGuess.crateOf("<demo::Tr<fn(i32) -> i32> as core::ops::Fn<()>>::call"));
        assertEquals("core", CrateGuess.crateOf("<(demo::A, demo::B) as core::fmt::Debug>::fmt"));
        assertEquals("core", CrateGuess.crateOf("<{closure#0} as core::ops::FnOnce<()>>::call_once"));
    }
}
