// Two Rc nodes pointing at each other, dropped: memcheck reports the first node it finds as definitely lost
// ("144 (72 direct, 72 indirect) bytes") and the node only reachable through it as indirectly lost (72 bytes).
#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

use std::cell::RefCell;
use std::rc::Rc;

#[allow(dead_code)]
struct Node {
    payload: [u8; 40],
    next: RefCell<Option<Rc<Node>>>,
} // RcBox<Node>: strong + weak counts (16) + payload (40) + RefCell<Option<Rc<Node>>> (16) = 72 bytes

#[inline(never)]
fn make_cycle() {
    let a = Rc::new(Node { payload: [1; 40], next: RefCell::new(None) });
    let b = Rc::new(Node { payload: [2; 40], next: RefCell::new(Some(a.clone())) });
    *a.next.borrow_mut() = Some(b.clone());
    std::hint::black_box((&a, &b));
}

fn main() {
    make_cycle();
}
