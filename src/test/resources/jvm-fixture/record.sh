#!/bin/sh
# Re-makes the recordings of this directory (see README.md): builds the library, compiles the Java programs and
# runs them under heaptrack with the JVM's perf map dumped at exit.
# Usage: record.sh [JDK 22+ home for the FFM run]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jdk25=${1:-/usr/lib/jvm/temurin-25-jdk-amd64}

CARGO_TARGET_DIR="$work/target" cargo build --offline --release --manifest-path "$here/rust/Cargo.toml"
lib="$work/target/release"

# heaptrack starts java as a child: the JVM prints its pid, which names its perf map
record() { # name java-binary classes main-class extra-flags...
    name=$1 java=$2 classes=$3 main=$4
    shift 4
    heaptrack -o "$work/$name" "$java" "$@" -XX:+UseSerialGC -Djava.library.path="$lib" \
        -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -cp "$classes" "$main" >"$work/$name.out" 2>&1
    pid=$(sed -n 's/^pid \([0-9]*\)$/\1/p' "$work/$name.out")
    cp "$work/$name.zst" "$here/recordings/$name.zst"
    mv "/tmp/perf-$pid.map" "$here/recordings/$name-perf.map"
}

mkdir -p "$here/recordings" "$work/classes" "$work/classes-ffm"
javac -d "$work/classes" "$here"/java/com/example/jvmfixture/*.java
record jni java "$work/classes" com.example.jvmfixture.Main

"$jdk25/bin/javac" -d "$work/classes-ffm" "$here"/java-ffm/com/example/jvmfixture/*.java
record ffm "$jdk25/bin/java" "$work/classes-ffm" com.example.jvmfixture.FfmMain --enable-native-access=ALL-UNNAMED
ls -l "$here/recordings"
