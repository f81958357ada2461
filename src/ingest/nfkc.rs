//! NFKC normalization (full-width digits and letters, compatibility forms such as ① or ㈱),
//! used for names' matching keys and for numbers typed as text.
//!
//! Natively this is `unicode-normalization`. In the browser it is `String.prototype.normalize`,
//! which the analysis worker hands in at start ([`use_normalizer`]; the binding is in `worker`,
//! since the core stays free of web crates): leaving the crate's composition and decomposition
//! tables (about 0.11 MB) out of the workers shortens what a first visit downloads. Both follow
//! the Unicode Standard's definition; `tests/web.rs` checks they agree.

/// Normalizes a string to NFKC (supplied by the host in a browser build).
pub type Normalizer = fn(&str) -> String;

#[cfg(target_arch = "wasm32")]
static HOST: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();

/// Sets the normalizer a browser build uses (the analysis worker does at start). Natively
/// `unicode-normalization` normalizes and this does nothing.
pub fn use_normalizer(normalizer: Normalizer) {
    #[cfg(target_arch = "wasm32")]
    let _ = HOST.set(normalizer);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = normalizer;
}

/// `text` in NFKC. (A browser build that set no normalizer, which reads no files, returns it
/// unchanged.)
pub fn nfkc(text: &str) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use unicode_normalization::UnicodeNormalization;
        text.nfkc().collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        HOST.get().map_or_else(|| text.to_string(), |normalize| normalize(text))
    }
}

/// True only when `text` is certainly NFKC already (false means "maybe": normalize to know).
/// In the browser only ASCII and the CJK Unified Ideographs are answered without normalizing.
pub fn certainly_nfkc(text: &str) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        is_nfkc_quick(text.chars()) == IsNormalized::Yes
    }
    #[cfg(target_arch = "wasm32")]
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
    }
}
