//! Writes the locale files compact (no indentation or line breaks) into `OUT_DIR`, where
//! `i18n` embeds them from: the page carries Simplified Chinese in its first load, whose
//! 1.5 MB budget (gzip -9) the files' whitespace cost about 340 B of. The files in `locales/`
//! stay one entry per line, to be read and edited. It also writes `zh-first.json`, the page's
//! embedded copy without the download files' words (`src/later_words.rs`).
use std::path::Path;

#[path = "src/later_words.rs"]
mod later_words;
use later_words::LATER_PREFIXES;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=src/later_words.rs");
    for name in ["en", "zh", "zh-Hant"] {
        let source = format!("locales/{name}.json");
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        // An invalid file fails the build here, with its line, not in the page at start-up.
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid JSON: {e}"));
        let compact = serde_json::to_string(&value).expect("a JSON value serializes");
        std::fs::write(Path::new(&out).join(format!("{name}.json")), compact).expect("OUT_DIR is writable");
        if name == "zh" {
            // The page's first load: every word but the download files' (`LATER_PREFIXES`).
            let mut first = value.clone();
            if let Some(map) = first.as_object_mut() {
                map.retain(|key, _| !LATER_PREFIXES.iter().any(|p| key.starts_with(p)));
            }
            let compact = serde_json::to_string(&first).expect("a JSON value serializes");
            std::fs::write(Path::new(&out).join("zh-first.json"), compact).expect("OUT_DIR is writable");
        }
    }
}
