//! The worker's other languages. Like the page, the analysis worker is built with the
//! `one-locale` feature and carries Simplified Chinese only (two embedded locale files were
//! about 48 KB of its gzipped bytes, which every first visit waited for); a job in English or
//! Traditional Chinese first takes that language's file from the page's own origin
//! (`./locales/…json`, next to the worker's script, kept by the service worker for offline
//! use), usually already in the browser's cache because the page fetched it to switch.
//!
//! The request is synchronous: the worker is about to run a job that needs the words, has
//! nothing else to do meanwhile, and a synchronous request keeps the job's code straight-line.
//! If the file cannot be had (offline before the app was saved), the job's words read as
//! Simplified Chinese, as the page's do (`i18n::t`), never as keys.

use crate::i18n::{self, Lang};

/// Makes sure the translations of `lang` are at hand before a job draws or words anything.
pub(crate) fn ensure(lang: Lang) {
    if i18n::loaded(lang) {
        return;
    }
    if let Some(json) = fetch(&format!("./locales/{}", i18n::file_name(lang))) {
        i18n::load(lang, &json);
    }
}

/// The text at `url` (relative to the worker's script), or `None` on any failure.
fn fetch(url: &str) -> Option<String> {
    let request = web_sys::XmlHttpRequest::new().ok()?;
    request.open_with_async("GET", url, false).ok()?;
    request.send().ok()?;
    if request.status().ok()? != 200 {
        return None;
    }
    request.response_text().ok()?
}
