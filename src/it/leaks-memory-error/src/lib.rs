/// Reads a byte of a buffer after freeing it: undefined behaviour that memcheck reports as an invalid read.
pub fn read_after_free() -> u8 {
    let buffer = vec![7u8; 16];
    let pointer = buffer.as_ptr();
    drop(buffer);
    unsafe { std::ptr::read_volatile(pointer.add(3)) }
}
