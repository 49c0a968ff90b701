//! Stand-in for the mimalloc crate: std only.
pub fn buffer(n: usize) -> Vec<u8> {
    vec![0u8; n]
}
