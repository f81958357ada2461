//! Switching the page's language. The page carries Simplified Chinese only (`i18n`, feature
//! `one-locale`); another language's file is fetched from the page's own origin
//! (`./locales/…json`, which the service worker keeps for offline use) before the switch, so no
//! view shows a half-translated page. The download files' words follow the first result
//! ([`prefetch_later`]; `i18n::load_later`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::AppState;
use crate::i18n::{self, Lang};

/// Fetches and takes the translations of `lang` unless they are at hand; false if they could
/// not be had (offline before the app was saved, or a damaged file).
pub async fn ensure(lang: Lang) -> bool {
    if i18n::loaded(lang) {
        return true;
    }
    fetch_text(lang).await.is_some_and(|json| i18n::load(lang, &json))
}

/// A language's translation file from the page's own origin, or `None` on any failure.
async fn fetch_text(lang: Lang) -> Option<String> {
    let window = web_sys::window()?;
    let url = format!("./locales/{}", i18n::file_name(lang));
    let response = JsFuture::from(window.fetch_with_str(&url)).await.ok()?;
    let response = response.dyn_into::<web_sys::Response>().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// Takes the download files' words (the page embeds Simplified Chinese without them) unless
/// they are at hand; false if they could not be had.
async fn ensure_later() -> bool {
    if i18n::later_loaded() {
        return true;
    }
    fetch_text(Lang::Zh).await.is_some_and(|json| i18n::load_later(&json))
}

/// True when a download in `lang` has its words: Simplified Chinese once the download files'
/// words have arrived, another language once its whole file has.
fn words_for_downloads(lang: Lang) -> bool {
    i18n::later_loaded() || (lang != Lang::Zh && i18n::loaded(lang))
}

/// Fetches the download files' words in the background, after the first result (with the
/// fast build: `ui::bridge`), so a download seldom waits for them.
pub fn prefetch_later(lang: Lang) {
    if !words_for_downloads(lang) {
        leptos::task::spawn_local(async {
            ensure_later().await;
        });
    }
}

/// Runs `make` (a download) once the download files' words are at hand: at once when they are,
/// else after fetching them (if they cannot be had, it runs anyway rather than do nothing).
pub fn with_later_words(lang: Lang, make: impl FnOnce() + 'static) {
    if words_for_downloads(lang) {
        make();
    } else {
        leptos::task::spawn_local(async move {
            ensure_later().await;
            make();
        });
    }
}

/// Switches the page to `lang` once its translations are at hand; stays in the current
/// language if they cannot be had.
pub fn switch(state: AppState, lang: Lang) {
    if i18n::loaded(lang) {
        state.lang.set(lang);
        return;
    }
    leptos::task::spawn_local(async move {
        if ensure(lang).await {
            state.lang.set(lang);
        }
    });
}
