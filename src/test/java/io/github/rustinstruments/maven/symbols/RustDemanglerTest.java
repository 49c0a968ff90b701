package io.github.rustinstruments.maven.symbols;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RustDemanglerTest {

    private static Arguments v(String mangled, String expected) {
        return arguments(mangled, expected);
    }

    /**
     * Published legacy test vectors of rustc-demangle (src/legacy.rs, src/lib.rs), in their hash-hidden
     * ({@code {:#}}) form.
     */
    static Stream<Arguments> legacyVectors() {
        return Stream.of(
                v("_ZN4testE", "test"),
                v("_ZN4test1a2bcE", "test::a::bc"),
                v("_ZN4$RP$E", ")"),
                v("_ZN8$RF$testE", "&test"),
                v("_ZN8$BP$test4foobE", "*test::foob"),
                v("_ZN9$u20$test4foobE", " test::foob"),
                v("_ZN35Bar$LT$$u5b$u32$u3b$$u20$4$u5d$$GT$E", "Bar<[u32; 4]>"),
                v("_ZN13test$u20$test4foobE", "test test::foob"),
                v("_ZN12test$BP$test4foobE", "test*test::foob"),
                v("__ZN5alloc9allocator6Layout9for_value17h02a996811f781011E", "alloc::allocator::Layout::for_value"),
                v("__ZN38_$LT$core..option..Option$LT$T$GT$$GT$6unwrap18_MSG_FILE_LINE_COL17haf7cb8d5824ee659E",
                        "<core::option::Option<T>>::unwrap::_MSG_FILE_LINE_COL"),
                v("__ZN4core5slice89_$LT$impl$u20$core..iter..traits..IntoIterator$u20$for$u20$$RF$$u27$a$u20$"
                                + "$u5b$T$u5d$$GT$9into_iter17h450e234d27262170E",
                        "core::slice::<impl core::iter::traits::IntoIterator for &'a [T]>::into_iter"),
                v("_ZN13_$LT$test$GT$E", "<test>"),
                v("_ZN28_$u7b$$u7b$closure$u7d$$u7d$E", "{{closure}}"),
                v("_ZN15__STATIC_FMTSTRE", "__STATIC_FMTSTR"),
                v("_ZN71_$LT$Test$u20$$u2b$$u20$$u27$static$u20$as$u20$foo..Bar$LT$Test$GT$$GT$3barE",
                        "<Test + 'static as foo::Bar<Test>>::bar"),
                v("_ZN3foo17h05af221e174051e9E", "foo"),
                v("_ZN3fooE", "foo"),
                v("_ZN3foo3barE", "foo::bar"),
                v("_ZN3foo20h05af221e174051e9abcE", "foo"),
                v("_ZN3foo5h05afE", "foo"),
                v("_ZN17h05af221e174051e93fooE", "h05af221e174051e9::foo"),
                v("_ZN3foo16ffaf221e174051e9E", "foo::ffaf221e174051e9"),
                v("_ZN3foo17hg5af221e174051e9E", "foo::hg5af221e174051e9"),
                v("_ZN3fooE.llvm.9D1C9369", "foo"),
                v("_ZN3fooE.llvm.9D1C9369@@16", "foo"),
                v("_ZN9backtrace3foo17hbb467fcdaea5d79bE.llvm.A5310EB9", "backtrace::foo"),
                v("_ZN4core5slice77_$LT$impl$u20$core..ops..index..IndexMut$LT$I$GT$$u20$for$u20$$u5b$T$u5d$$GT$"
                                + "9index_mut17haf9727c2edfbc47bE.exit.i.i",
                        "core::slice::<impl core::ops::index::IndexMut<I> for [T]>::index_mut.exit.i.i"),
                v("_ZN151_$LT$alloc..boxed..Box$LT$alloc..boxed..FnBox$LT$A$C$$u20$Output$u3d$R$GT$$u20$$u2b$$u20$"
                                + "$u27$a$GT$$u20$as$u20$core..ops..function..FnOnce$LT$A$GT$$GT$9call_once"
                                + "17h69e8f44b3723e1caE",
                        "<alloc::boxed::Box<alloc::boxed::FnBox<A, Output=R> + 'a> as core::ops::function::FnOnce<A>>"
                                + "::call_once"),
                v("_ZN88_$LT$core..result..Result$LT$$u21$$C$$u20$E$GT$$u20$as$u20$std..process..Termination$GT$"
                                + "6report17hfc41d0da4a40b3e8E",
                        "<core::result::Result<!, E> as std::process::Termination>::report"),
                // the brief's example and legacy symbols of a program built on this machine (rustc 1.95)
                v("_ZN4core3fmt5write17h0123456789abcdefE", "core::fmt::write"),
                v("_ZN4demo12Foo$LT$T$GT$8push_all17h9e0fba21bb41a459E", "demo::Foo<T>::push_all"),
                v("_ZN4demo24_$ufc$n$uef$c$uf6$d$ue9$13gr$ufc$$udf$e17he6d85b1fac60a2f4E", "demo::ünïcödé::grüße"),
                v("_ZN4demo4main28_$u7b$$u7b$closure$u7d$$u7d$17hc120b062874f4f37E", "demo::main::{{closure}}"));
    }

    /** Published v0 test vectors of rustc-demangle (src/v0.rs), hash-free ({@code {:#}}) form. */
    static Stream<Arguments> v0Vectors() {
        return Stream.of(
                v("_RNvC6_123foo3bar", "123foo::bar"),
                v("_RC4f128", "f128"),
                v("_RNqCs4fqI2P2rA04_11utf8_identsu30____7hkackfecea1cbdathfdh9hlq6y",
                        "utf8_idents::საჭმელად_გემრიელი_სადილი"),
                v("_RNCNCNgCs6DXkGYLi8lr_2cc5spawn00B5_", "cc::spawn::{closure#0}::{closure#0}"),
                v("_RNCINkXs25_NgCsbmNqQUJIY6D_4core5sliceINyB9_4IterhENuNgNoBb_4iter8iterator8Iterator9rposition"
                                + "NCNgNpB9_6memchr7memrchrs_0E0Bb_",
                        "<core::slice::Iter<u8> as core::iter::iterator::Iterator>::rposition::"
                                + "<core::slice::memchr::memrchr::{closure#1}>::{closure#0}"),
                v("_RINbNbCskIICzLVDPPb_5alloc5alloc8box_freeDINbNiB4_5boxed5FnBoxuEp6OutputuEL_ECs1iopQbuBiw2_3std",
                        "alloc::alloc::box_free::<dyn alloc::boxed::FnBox<(), Output = ()>>"),
                v("_RMC0WmRm1_m9_", "<u32 is 1..=9>"),
                v("_RMC0WmORm1_m2_Rm5_m6_E", "<u32 is 1..=2 | 5..=6>"),
                v("_RMC0INtC8arrayvec8ArrayVechKj7b_E", "<arrayvec::ArrayVec<u8, 123>>"),
                v("_RIC0Kj7b_E", "::<123>"),
                v("_RIC0KpE", "::<_>"),
                v("_RIC0Khb_E", "::<11>"),
                v("_RIC0Koff00ff00ff00ff00ff_E", "::<0xff00ff00ff00ff00ff>"),
                v("_RIC0Ks98_E", "::<152>"),
                v("_RIC0Kanb_E", "::<-11>"),
                v("_RIC0Kb0_E", "::<false>"),
                v("_RIC0Kb1_E", "::<true>"),
                v("_RIC0Kc76_E", "::<'v'>"),
                v("_RIC0Kc22_E", "::<'\"'>"),
                v("_RIC0Kca_E", "::<'\\n'>"),
                v("_RIC0Kc2202_E", "::<'∂'>"),
                v("_RIC0Ke616263_E", "::<{*\"abc\"}>"),
                v("_RIC0Ke27_E", "::<{*\"'\"}>"),
                v("_RIC0Ke090a_E", "::<{*\"\\t\\n\"}>"),
                v("_RIC0Kee28882c3bc_E", "::<{*\"∂ü\"}>"),
                v("_RIC0Kee183a1e18390e183ade1839be18394e1839ae18390e183935fe18392e18394e1839b"
                                + "e183a0e18398e18394e1839ae183985fe183a1e18390e18393e18398e1839ae18398_E",
                        "::<{*\"საჭმელად_გემრიელი_სადილი\"}>"),
                v("_RIC0Kef09f908af09fa688f09fa686f09f90ae20c2a720f09f90b6f09f9192e298"
                                + "95f09f94a520c2a720f09fa7a1f09f929bf09f929af09f9299f09f929c_E",
                        "::<{*\"🐊🦈🦆🐮 § 🐶👒☕🔥 § 🧡💛💚💙💜\"}>"),
                v("_RIC0KRe616263_E", "::<\"abc\">"),
                v("_RIC0KRe27_E", "::<\"'\">"),
                v("_RIC0KRe090a_E", "::<\"\\t\\n\">"),
                v("_RIC0KRee28882c3bc_E", "::<\"∂ü\">"),
                v("_RIC0KRpE", "::<{&_}>"),
                v("_RIC0KRh7b_E", "::<{&123}>"),
                v("_RIC0KRb0_E", "::<{&false}>"),
                v("_RIC0KRc58_E", "::<{&'X'}>"),
                v("_RIC0KRRRh0_E", "::<{&&&0}>"),
                v("_RIC0KRRRe_E", "::<{&&\"\"}>"),
                v("_RIC0KQAEE", "::<{&mut []}>"),
                v("_RIC0KAEE", "::<{[]}>"),
                v("_RIC0KAj0_EE", "::<{[0]}>"),
                v("_RIC0KAh1_h2_h3_EE", "::<{[1, 2, 3]}>"),
                v("_RIC0KARe61_Re62_Re63_EE", "::<{[\"a\", \"b\", \"c\"]}>"),
                v("_RIC0KAAh1_h2_EAh3_h4_EEE", "::<{[[1, 2], [3, 4]]}>"),
                v("_RIC0KTEE", "::<{()}>"),
                v("_RIC0KTj0_EE", "::<{(0,)}>"),
                v("_RIC0KTh1_b0_EE", "::<{(1, false)}>"),
                v("_RIC0KTRe616263_c78_RAh1_h2_h3_EEE", "::<{(\"abc\", 'x', &[1, 2, 3])}>"),
                v("_RIC0KVNvINtNtC4core6option6OptionjE4NoneUE", "::<{core::option::Option::<usize>::None}>"),
                v("_RIC0KVNvINtNtC4core6option6OptionjE4SomeTj0_EE", "::<{core::option::Option::<usize>::Some(0)}>"),
                v("_RIC0KVNtC3foo3BarS1sRe616263_2chc78_5sliceRAh1_h2_h3_EEE",
                        "::<{foo::Bar { s: \"abc\", ch: 'x', slice: &[1, 2, 3] }}>"),
                v("_RMCs4fqI2P2rA04_13const_genericINtB0_8UnsignedKhb_E", "<const_generic::Unsigned<11>>"),
                v("_RMCs4fqI2P2rA04_13const_genericINtB0_6SignedKs98_E", "<const_generic::Signed<152>>"),
                v("_RMCs4fqI2P2rA04_13const_genericINtB0_6SignedKanb_E", "<const_generic::Signed<-11>>"),
                v("_RMCs4fqI2P2rA04_13const_genericINtB0_4BoolKb1_E", "<const_generic::Bool<true>>"),
                v("_RMCs4fqI2P2rA04_13const_genericINtB0_4CharKc76_E", "<const_generic::Char<'v'>>"),
                v("_RNvNvMCs4fqI2P2rA04_13const_genericINtB4_3FooKpE3foo3FOO", "<const_generic::Foo<_>>::foo::FOO"),
                v("_RMC0TTTTTTpB8_EB7_EB6_EB5_EB4_EB3_E",
                        "<((((((_, _), (_, _)), ((_, _), (_, _))), (((_, _), (_, _)), ((_, _), (_, _)))), "
                                + "((((_, _), (_, _)), ((_, _), (_, _))), (((_, _), (_, _)), ((_, _), (_, _))))), "
                                + "(((((_, _), (_, _)), ((_, _), (_, _))), (((_, _), (_, _)), ((_, _), (_, _)))), "
                                + "((((_, _), (_, _)), ((_, _), (_, _))), (((_, _), (_, _)), ((_, _), (_, _))))))>"),
                v("_RC3foo.llvm.9D1C9369", "foo"),
                v("_RC3foo.llvm.9D1C9369@@16", "foo"),
                v("_RNvC9backtrace3foo.llvm.A5310EB9", "backtrace::foo"),
                v("_RNvNtNtNtNtCs92dm3009vxr_4rand4rngs7adapter9reseeding4fork23FORK_HANDLER_REGISTERED.0.0",
                        "rand::rngs::adapter::reseeding::fork::FORK_HANDLER_REGISTERED.0.0"));
    }

    /**
     * Symbols of this machine's toolchain (rustc 1.95: the std shared library and a small program built with
     * {@code -C symbol-mangling-version=v0}), with the names rustc-demangle and binutils give them.
     */
    static Stream<Arguments> toolchainVectors() {
        return Stream.of(
                // seen in heaptrack recordings
                v("_RNvNtCsjrHSEGnQ3l9_3std2rt19lang_start_internal", "std::rt::lang_start_internal"),
                v("_RINvNtCsjrHSEGnQ3l9_3std5panic12catch_unwindNCNvNtB4_2rt19lang_start_internal0iEB4_",
                        // 'i' is isize ('l' would be i32); lang_start_internal returns isize
                        "std::panic::catch_unwind::<std::rt::lang_start_internal::{closure#0}, isize>"),
                v("_RNCNvNtCsjrHSEGnQ3l9_3std2rt19lang_start_internal0B5_",
                        "std::rt::lang_start_internal::{closure#0}"),
                // closures, shims
                v("_RNCNvCs2ndz2m94zur_4demo4main0B3_", "demo::main::{closure#0}"),
                v("_RNCNvCs2ndz2m94zur_4demo4mains_0B3_", "demo::main::{closure#1}"),
                v("_RNSNvYNCINvNtCsjrHSEGnQ3l9_3std2rt10lang_startuE0INtNtNtCsgEmfK2I1SDS_4core3ops8function6FnOnce"
                                + "uE9call_once6vtableCs2ndz2m94zur_4demo",
                        "<std::rt::lang_start<()>::{closure#0} as core::ops::function::FnOnce<()>>::call_once"
                                + "::{shim:vtable#0}"),
                v("_RNSINvNtCsjrHSEGnQ3l9_3std9panicking11begin_panicReE5reifyB6_",
                        "std::panicking::begin_panic::<&str>::{shim:reify#0}"),
                // types: dyn, fn, pointers, references, slices, arrays, tuples, never
                v("_RNvXs1g_NtCsgEmfK2I1SDS_4core3fmtRDNtB6_5DebugEL_Bx_3fmtB8_",
                        "<&dyn core::fmt::Debug as core::fmt::Debug>::fmt"),
                v("_RNvYFEuINtNtNtCsgEmfK2I1SDS_4core3ops8function6FnOnceuE9call_onceCs2ndz2m94zur_4demo",
                        "<fn() as core::ops::function::FnOnce<()>>::call_once"),
                v("_RNvXsp_NtCsgEmfK2I1SDS_4core3fmtPNtNtB7_3ffi6c_voidNtB5_5Debug3fmtB7_",
                        "<*const core::ffi::c_void as core::fmt::Debug>::fmt"),
                v("_RNvXsq_NtCsgEmfK2I1SDS_4core3fmtONtNtB7_3ffi6c_voidNtB5_5Debug3fmtCsjrHSEGnQ3l9_3std",
                        "<*mut core::ffi::c_void as core::fmt::Debug>::fmt"),
                v("_RNvXs1h_NtCsgEmfK2I1SDS_4core3fmtQShNtB6_5Debug3fmtCsgY6Mt91CT9J_14rustc_demangle",
                        "<&mut [u8] as core::fmt::Debug>::fmt"),
                v("_RNvXs1g_NtCsgEmfK2I1SDS_4core3fmtRAhj4_NtB6_5Debug3fmtCsjrHSEGnQ3l9_3std",
                        "<&[u8; 4] as core::fmt::Debug>::fmt"),
                v("_RINvNtCsgEmfK2I1SDS_4core9panicking13assert_failedAhj4_RShECsjrHSEGnQ3l9_3std",
                        "core::panicking::assert_failed::<[u8; 4], &[u8]>"),
                v("_RNvMs3_NtCslNYArtu3iFV_5alloc7raw_vecINtB5_6RawVecTOhFUKCBN_EuENtNtCsjrHSEGnQ3l9_3std5alloc6System"
                                + "E8grow_oneB13_",
                        "<alloc::raw_vec::RawVec<(*mut u8, unsafe extern \"C\" fn(*mut u8)), std::alloc::System>>"
                                + "::grow_one"),
                v("_RINvXNtNtNtNtCsjrHSEGnQ3l9_3std3sys12thread_local6native4lazyzNtB3_14DestroyedState13register_dtor"
                                + "INtNtCsgEmfK2I1SDS_4core4cell4CellTyyEEECs2ndz2m94zur_4demo",
                        "<! as std::sys::thread_local::native::lazy::DestroyedState>::register_dtor"
                                + "::<core::cell::Cell<(u64, u64)>>"),
                v("_RINvNtNtCsjrHSEGnQ3l9_3std3sys9backtrace26___rust_end_short_backtraceNCNvNtB6_5alloc8rust_oom0zEB6_",
                        "std::sys::backtrace::__rust_end_short_backtrace::<std::alloc::rust_oom::{closure#0}, !>"),
                v("_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeINtNtCslNYArtu3iFV_5alloc5boxed3BoxDINtNtNtB4_3ops"
                                + "8function6FnOnceuEp6OutputuNtNtB4_6marker4SendEL_EECs2ndz2m94zur_4demo",
                        "core::ptr::drop_in_place::<alloc::boxed::Box<dyn core::ops::function::FnOnce<(), Output = ()>"
                                + " + core::marker::Send>>"),
                v("_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeINtNtCslNYArtu3iFV_5alloc5boxed3BoxDG0_INtNtNtB4_3ops"
                                + "8function2FnTRL1_INtNtCsjrHSEGnQ3l9_3std5panic13PanicHookInfoL0_EEEp6OutputuNtNtB4_"
                                + "6marker4SyncNtB2N_4SendEL_EEB1T_",
                        "core::ptr::drop_in_place::<alloc::boxed::Box<dyn for<'a, 'b> core::ops::function::Fn"
                                + "<(&'a std::panic::PanicHookInfo<'b>,), Output = ()> + core::marker::Sync"
                                + " + core::marker::Send>>"),
                // inherent impls on built-in types
                v("_RNvMNtCsgEmfK2I1SDS_4core5sliceSh9ends_withCs4X4t9plMPHF_9addr2line", "<[u8]>::ends_with"),
                v("_RNvMNtCsgEmfK2I1SDS_4core3stre9from_utf8", "<str>::from_utf8"),
                v("_RNvXsf_NtCsgEmfK2I1SDS_4core3fmtbNtB5_5Debug3fmt", "<bool as core::fmt::Debug>::fmt"),
                // const generics
                v("_RINvCs2ndz2m94zur_4demo3arrKj3_EB2_", "demo::arr::<3>"),
                v("_RINvCs2ndz2m94zur_4demo3bflKb1_Kc78_EB2_", "demo::bfl::<true, 'x'>"),
                v("_RINvCs2ndz2m94zur_4demo3negKln5_EB2_", "demo::neg::<-5>"),
                // punycode identifiers
                v("_RNvNtCs2ndz2m94zur_4demou13ncd_dma1a7bzbu9gre_6ka8l", "demo::ünïcödé::grüße"),
                // vendor suffix kept
                v("_RNvNtNtCsjrHSEGnQ3l9_3std6thread11main_thread4MAIN.0", "std::thread::main_thread::MAIN.0"),
                // the allocator shims of the __rustc pseudo-crate
                v("_RNvCsfLfy6EI15iL_7___rustc12___rust_alloc", "__rustc::__rust_alloc"),
                v("_RNvCsfLfy6EI15iL_7___rustc11___rdl_alloc", "__rustc::__rdl_alloc"),
                v("_RNvCsfLfy6EI15iL_7___rustc17rust_begin_unwind", "__rustc::rust_begin_unwind"),
                // macOS extra underscore
                v("__RNvNtCsjrHSEGnQ3l9_3std2rt19lang_start_internal", "std::rt::lang_start_internal"));
    }

    /** The legacy names half-demangled by a C++ demangler, as heaptrack and Instruments print them. */
    static Stream<Arguments> halfDemangledVectors() {
        return Stream.of(
                v("demo::make::h52403682f56ce9e7", "demo::make"),
                v("demo::make::_$u7b$$u7b$closure$u7d$$u7d$::h5b892d73d76b87ea", "demo::make::{{closure}}"),
                v("_$LT$alloc..vec..Vec$LT$T$GT$$GT$::push::h0123456789abcdef", "<alloc::vec::Vec<T>>::push"),
                v("mylib::foo::ha31fba0d06a8a3eb", "mylib::foo"),
                // c++filt -s gnu-v3 output for legacy symbols built on this machine
                v("_$LT$core..panic..unwind_safe..AssertUnwindSafe$LT$F$GT$$u20$as$u20$core..ops..function..FnOnce"
                                + "$LT$$LP$$RP$$GT$$GT$::call_once::h9e86ad79a8cbc5f6",
                        "<core::panic::unwind_safe::AssertUnwindSafe<F> as core::ops::function::FnOnce<()>>::call_once"),
                v("_$LT$std..collections..hash..map..Iter$LT$K$C$V$GT$$u20$as$u20$core..iter..traits..iterator"
                                + "..Iterator$GT$::next::h110046df6377333a",
                        "<std::collections::hash::map::Iter<K,V> as core::iter::traits::iterator::Iterator>::next"),
                v("demo::$ufc$n$uef$c$uf6$d$ue9$::gr$ufc$$udf$e::he6d85b1fac60a2f4", "demo::ünïcödé::grüße"),
                // escapes decoded already, only the hash is left
                v("demo::Foo<T>::push_all::h9e0fba21bb41a459", "demo::Foo<T>::push_all"),
                v("<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop::h0123456789abcdef",
                        "<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop"),
                // no hash, but escapes
                v("_$LT$demo..Foo$u20$as$u20$core..fmt..Display$GT$::fmt", "<demo::Foo as core::fmt::Display>::fmt"));
    }

    @ParameterizedTest
    @MethodSource("legacyVectors")
    void demanglesLegacy(String mangled, String expected) {
        assertEquals(expected, RustDemangler.demangle(mangled));
    }

    @ParameterizedTest
    @MethodSource("v0Vectors")
    void demanglesV0(String mangled, String expected) {
        assertEquals(expected, RustDemangler.demangle(mangled));
    }

    @ParameterizedTest
    @MethodSource("toolchainVectors")
    void demanglesRealToolchainSymbols(String mangled, String expected) {
        assertEquals(expected, RustDemangler.demangle(mangled));
    }

    @ParameterizedTest
    @MethodSource("halfDemangledVectors")
    void finishesHalfDemangledNames(String halfDemangled, String expected) {
        assertEquals(expected, RustDemangler.demangle(halfDemangled));
    }

    @ParameterizedTest
    @MethodSource({"legacyVectors", "v0Vectors", "toolchainVectors", "halfDemangledVectors"})
    void demanglingIsIdempotent(String mangled, String expected) {
        assertEquals(expected, RustDemangler.demangle(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // not Rust
        "main", "malloc", "__libc_start_main_impl", "_start", "operator new(unsigned long)",
        "std::vector<int, std::allocator<int> >::push_back(int const&)", "_Znwm", "_ZNSt6vectorIiSaIiEE9push_backERKi",
        "", "  ", "??", "0x7f3a12", "demo::make", "<alloc::vec::Vec<T>>::push", "R", "_R", "__R", "_ZN", "RC4init",
        // malformed legacy (published)
        "test", "_ZN4test", "_ZNfooE", "_ZN3fooE.llvm moocow", "_ZN2222222222222222222222EE",
        // malformed v0
        "_RMC0WmORm1_m2_Rm5_m6_", "_Rc3foo", "_RNvC3foo", "_RNvC3foo3ba", "_RNvC3stdu3ab_", "_RIC0KRL0_hE",
        "_RMC0RL0_h", "_RIC0Kc110000_E", "_RIC0Kb2_E", "_RIC0Ke6_E", "_RIC0Keff_E", "_RNvC3std3foo bar",
        "_RNvC3std3fooX", "_RB_", "_RNvB_1a", "_RMC0RB2_", "_RMC0FGZZZ_Eu", "_RNvCsZZZZZZZZZZZZZZ_3std3foo"
    })
    void leavesNonRustAndMalformedSymbolsUnchanged(String symbol) {
        assertEquals(symbol, RustDemangler.demangle(symbol));
    }

    @ParameterizedTest
    @NullSource
    void keepsNull(String symbol) {
        assertNull(RustDemangler.demangle(symbol));
    }

    @Test
    void balancedNestingDoesNotTripTheRecursionLimit() {
        // rustc-demangle's recursion_limit_leaks: 1000 sibling arguments are not 1000 levels deep
        for (String[] leaf : new String[][] {{"p", "_"}, {"Rp", "&_"}, {"C1x", "x"}}) {
            StringBuilder sym = new StringBuilder("_RIC0p");
            StringBuilder expected = new StringBuilder("::<_");
            for (int i = 0; i < 1000; i++) {
                sym.append(leaf[0]);
                expected.append(", ").append(leaf[1]);
            }
            assertEquals(expected.append('>').toString(), RustDemangler.demangle(sym.append('E').toString()));
        }
    }

    @Test
    void deepNestingIsRejectedWithoutStackOverflow() {
        // rustc-demangle's recursion_limit_backref_free_bypass: 100000 nested '&' hidden behind a back-reference
        int depth = 100_000;
        StringBuilder sym = new StringBuilder("_RIC").append(depth);
        int backrefStart = sym.length() - 2;
        sym.append("R".repeat(depth));
        sym.append('B').append(Character.forDigit(backrefStart - 1, 36)).append('_').append('E');
        String symbol = sym.toString();
        assertEquals(symbol, assertDoesNotThrow(() -> RustDemangler.demangle(symbol)));
    }

    @Test
    void neverThrowsOnMutatedSymbols() {
        String[] seeds = {
            "_RINvNtCsjrHSEGnQ3l9_3std5panic12catch_unwindNCNvNtB4_2rt19lang_start_internal0iEB4_",
            "_RIC0KVNtC3foo3BarS1sRe616263_2chc78_5sliceRAh1_h2_h3_EEE",
            "_RNqCs4fqI2P2rA04_11utf8_identsu30____7hkackfecea1cbdathfdh9hlq6y",
            "_ZN151_$LT$alloc..boxed..Box$LT$alloc..boxed..FnBox$LT$A$C$$u20$Output$u3d$R$GT$E",
            "_$LT$alloc..vec..Vec$LT$T$GT$$GT$::push::h0123456789abcdef",
        };
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$.";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int m = 1 + random.nextInt(3); m > 0 && s.length() > 3; m--) {
                int at = 2 + random.nextInt(s.length() - 2);
                switch (random.nextInt(3)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String symbol = s.toString();
            assertNotNull(assertDoesNotThrow(() -> RustDemangler.demangle(symbol), symbol));
        }
    }
}
