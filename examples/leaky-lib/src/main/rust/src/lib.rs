//! A small library that allocates in recognisable ways, to be profiled with
//! `mvn verify` (rust-instruments-maven-plugin, see ../../../pom.xml).
//!
//! - [`parse_records`]: a parser that builds a `String` per field and a `Vec` per record;
//! - [`ThumbnailCache`]: a cache that grows and never evicts (its peak is the run's peak);
//! - [`intern`]: an interner that leaks every name it has not seen before.

use std::collections::HashMap;

/// One parsed line: `name;tag,tag,...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub name: &'static str,
    pub tags: Vec<String>,
}

/// Parses `name;tag,tag` lines. Every tag becomes its own `String` (many small allocations);
/// names are interned (see [`intern`]).
pub fn parse_records(text: &str) -> Vec<Record> {
    let mut records = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, tags) = line.split_once(';').unwrap_or((line, ""));
        records.push(Record {
            name: intern(name.trim()),
            tags: tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_lowercase)
                .collect(),
        });
    }
    records
}

/// Renders a fake 64x64 RGBA thumbnail per key and keeps every one of them: nothing is ever evicted.
#[derive(Default)]
pub struct ThumbnailCache {
    entries: HashMap<String, Vec<u8>>,
}

impl ThumbnailCache {
    pub const THUMBNAIL_BYTES: usize = 64 * 64 * 4;

    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the thumbnail of `key`, rendering it on first use.
    pub fn get(&mut self, key: &str) -> &[u8] {
        if !self.entries.contains_key(key) {
            let pixels = render_thumbnail(key);
            self.entries.insert(key.to_string(), pixels);
        }
        &self.entries[key]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[inline(never)]
fn render_thumbnail(key: &str) -> Vec<u8> {
    let seed = key.bytes().fold(7u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
    let mut pixels = vec![0u8; ThumbnailCache::THUMBNAIL_BYTES];
    for (i, p) in pixels.iter_mut().enumerate() {
        *p = seed.wrapping_add(i as u8);
    }
    pixels
}

/// Returns a `'static` copy of `name`, allocated once per distinct name and never freed:
/// the leak heaptrack reports at exit.
pub fn intern(name: &str) -> &'static str {
    thread_local! {
        static NAMES: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(known) = names.iter().find(|n| **n == name) {
            return *known;
        }
        let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
        names.push(leaked);
        leaked
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_tags() {
        let records = parse_records("# comment\nalice; Admin, dev\n\nbob;\n");
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].name, "alice");
        assert_eq!(records[0].tags, vec!["admin", "dev"]);
        assert!(records[1].tags.is_empty());
    }

    #[test]
    fn interns_each_name_once() {
        assert!(std::ptr::eq(intern("carol"), intern("carol")));
    }

    #[test]
    fn cache_keeps_every_thumbnail() {
        let mut cache = ThumbnailCache::new();
        assert_eq!(cache.get("a").len(), ThumbnailCache::THUMBNAIL_BYTES);
        cache.get("b");
        cache.get("a");
        assert_eq!(cache.len(), 2);
    }
}
