// Keep a copy of Cargo.toml: the failed scaffold must leave it exactly as it was.
new File(basedir, 'Cargo.toml.before').bytes = new File(basedir, 'Cargo.toml').bytes
return true
