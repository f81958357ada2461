//! Switching the page's language. The page carries Simplified Chinese only (`i18n`, feature
//! `one-locale`); another language's file is fetched from the page's own origin
//! (`./locales/…json`, which the service worker keeps for offline use) before the switch, so no
//! view shows a half-translated page.

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
    let Some(window) = web_sys::window() else { return false };
    let url = format!("./locales/{}", i18n::file_name(lang));
    let Ok(response) = JsFuture::from(window.fetch_with_str(&url)).await else { return false };
    let Ok(response) = response.dyn_into::<web_sys::Response>() else { return false };
    if !response.ok() {
        return false;
    }
    let Ok(text) = response.text() else { return false };
    let Ok(text) = JsFuture::from(text).await else { return false };
    text.as_string().is_some_and(|json| i18n::load(lang, &json))
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
