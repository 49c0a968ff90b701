// Remember the member's own main.rs, to prove that scaffold keeps it.
def main = new File(basedir, 'rust/crates/wslib/memcheck/src/main.rs')
assert main.isFile()
assert !new File(basedir, 'rust/crates/wslib/memcheck/Cargo.toml').exists()
new File(basedir, 'main.rs.before').bytes = main.bytes
return true
