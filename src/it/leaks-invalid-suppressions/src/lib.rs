use std::cell::RefCell;
use std::rc::Rc;

pub struct Node {
    pub payload: Vec<u8>,
    pub next: Option<Rc<RefCell<Node>>>,
}

/// Two nodes that point at each other: once the handles are dropped, valgrind reports the cycle as one
/// definitely lost block (the node reached first) and the rest as indirectly lost.
pub fn make_cycle() {
    let a = Rc::new(RefCell::new(Node { payload: vec![1; 100], next: None }));
    let b = Rc::new(RefCell::new(Node { payload: vec![2; 200], next: Some(a.clone()) }));
    a.borrow_mut().next = Some(b);
}

/// A buffer nobody frees.
pub fn leak_buffer() -> &'static mut [u8] {
    Box::leak(vec![0u8; 4096].into_boxed_slice())
}
