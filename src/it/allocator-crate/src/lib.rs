/// Allocates through the (stand-in) mimalloc crate's API, which the profiler could not see with the real one.
pub fn scratch(n: usize) -> Vec<u8> {
    mimalloc::buffer(n)
}
