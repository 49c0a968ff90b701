pub fn greeting(name: &str) -> String {
    format!("hello, {name}")
}
