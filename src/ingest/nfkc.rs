//! NFKC normalization (full-width digits and letters, compatibility forms such as ① or ㈱),
//! used for names' matching keys and for numbers typed as text.
//!
//! With the `text-tables` feature (the CLI, the tests) this is `unicode-normalization`. The
//! page's workers are built without it and use `String.prototype.normalize`, which the analysis
//! worker hands in at start ([`use_normalizer`]; the binding is in `worker`, since the core
//! stays free of web crates): leaving the crate's composition and decomposition tables (about
//! 0.11 MB) out of the workers shortens what a first visit downloads. Both follow the Unicode
//! Standard's definition; `tests/web.rs` checks they agree.

/// Normalizes a string to NFKC (supplied by the host in a browser build).
pub type Normalizer = fn(&str) -> String;

static HOST: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();

/// Sets the normalizer of a build without `text-tables` (the analysis worker does at start);
/// with `text-tables`, `unicode-normalization` normalizes and it is not used.
pub fn use_normalizer(normalizer: Normalizer) {
    let _ = HOST.set(normalizer);
}

/// `text` in NFKC. (A build without `text-tables` that set no normalizer — the page, which
/// reads no files — returns it unchanged.)
pub fn nfkc(text: &str) -> String {
    #[cfg(feature = "text-tables")]
    {
        use unicode_normalization::UnicodeNormalization;
        text.nfkc().collect()
    }
    #[cfg(not(feature = "text-tables"))]
    {
        // Most cells and names need no call out to the host (a quantity column of a million
        // rows would otherwise make a million calls into JavaScript).
        if certainly_nfkc(text) {
            return text.to_string();
        }
        HOST.get().map_or_else(|| text.to_string(), |normalize| normalize(text))
    }
}

/// True only when `text` is certainly NFKC already (false means "maybe": normalize to know).
/// Without `text-tables` only ASCII and the CJK Unified Ideographs are answered without
/// normalizing.
pub fn certainly_nfkc(text: &str) -> bool {
    #[cfg(feature = "text-tables")]
    {
        // ASCII and CJK Unified Ideographs are answered without the tables, as without
        // `text-tables` (both are NFKC, so the tables say yes too): the table lookup per
        // character was a third of grouping a million rows by name natively.
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        text.chars().all(|c| c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c))
            || is_nfkc_quick(text.chars()) == IsNormalized::Yes
    }
    #[cfg(not(feature = "text-tables"))]
    {
        text.chars().all(|c| c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_compatibility_forms() {
        assert_eq!(nfkc("１２３，４５６"), "123,456");
        assert_eq!(nfkc("①㈱ﬁ"), "1(株)fi");
        assert!(certainly_nfkc("abc北京"));
        assert!(!certainly_nfkc("ＡＢＣ"));
        // The shortcut for ASCII and CJK Unified Ideographs agrees with the tables.
        #[cfg(feature = "text-tables")]
        for c in (0..0x80u32).chain(0x4e00..=0x9fff).filter_map(char::from_u32) {
            use unicode_normalization::{IsNormalized, is_nfkc_quick};
            assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }
}
