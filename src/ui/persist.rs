//! Remembering the last session on this device — only when the user ticks "remember", and
//! "forget everything" removes all of it.
//!
//! Settings, language and the file list (names, kinds, typed rounds) go to `localStorage`
//! (`tongxing.*` keys); the files of the last run go to the Cache Storage cache
//! `tongxing-session` (large files fit there, unlike in `localStorage`). Nothing is ever sent anywhere. Without a secure context (plain `http://`
//! on a non-local host) the cache is unavailable, and only the settings are remembered.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::AppState;
use super::state::PageFile;
use crate::ingest::TableKind;
use crate::settings::Settings;

const CONSENT: &str = "tongxing.remember";
const SESSION: &str = "tongxing.session";
const CACHE: &str = "tongxing-session";

/// What `localStorage` holds besides the consent flag.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Saved {
    settings: Settings,
    lang: String,
    files: Vec<(String, Option<TableKind>)>,
    /// The round typed for each file (aligned with `files`; absent in sessions saved before).
    #[serde(default)]
    waves: Vec<Option<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn caches() -> Option<web_sys::CacheStorage> {
    let w = web_sys::window()?;
    if !w.is_secure_context() {
        return None;
    }
    w.caches().ok()
}

fn file_url(i: usize) -> String {
    format!("./__tongxing_session__/{i}")
}

/// True when the user has asked to be remembered on this device.
pub fn remembered() -> bool {
    storage().and_then(|s| s.get_item(CONSENT).ok().flatten()).as_deref() == Some("1")
}

/// True when anything of tongxing's is stored in `localStorage` (for the forget button).
pub fn anything_stored() -> bool {
    storage().is_some_and(|s| {
        let n = s.length().unwrap_or(0);
        (0..n).filter_map(|i| s.key(i).ok().flatten()).any(|k| k.starts_with("tongxing."))
    })
}

fn write_session(state: AppState, files: &[PageFile]) {
    let Some(s) = storage() else { return };
    let saved = Saved {
        settings: state.settings.get_untracked(),
        lang: state.lang.get_untracked().tag().to_string(),
        files: files.iter().map(|f| (f.name.clone(), f.kind)).collect(),
        waves: files.iter().map(|f| f.wave.clone()).collect(),
    };
    if let Ok(text) = serde_json::to_string(&saved) {
        let _ = s.set_item(SESSION, &text);
    }
}

/// Saves settings and language (and the list of files) if the user consented.
pub fn save_settings(state: AppState) {
    if remembered() {
        write_session(state, &state.last_files.get_value());
    }
}

/// Saves settings and the files of a run if the user consented.
pub fn save_files(state: AppState, files: Vec<PageFile>) {
    if !remembered() {
        return;
    }
    write_session(state, &files);
    let Some(caches) = caches() else { return };
    leptos::task::spawn_local(async move {
        let _ = JsFuture::from(caches.delete(CACHE)).await;
        let Ok(cache) = JsFuture::from(caches.open(CACHE)).await.and_then(|c| c.dyn_into::<web_sys::Cache>())
        else {
            return;
        };
        for (i, f) in files.iter().enumerate() {
            if let Ok(resp) = web_sys::Response::new_with_opt_blob(Some(&f.blob)) {
                let _ = JsFuture::from(cache.put_with_str(&file_url(i), &resp)).await;
            }
        }
    });
}

fn mapping_key(headers: &[String]) -> String {
    format!("tongxing.mapping.{}", &crate::ingest::sha256_hex(headers.join("\u{1f}").as_bytes())[..16])
}

/// With consent, remembers a column mapping (codebook CSV) for this exact set of headers.
pub fn save_mapping(headers: &[String], csv: &[u8]) {
    if remembered()
        && let Some(s) = storage()
    {
        let _ = s.set_item(&mapping_key(headers), &String::from_utf8_lossy(csv));
    }
}

/// The remembered mapping for these headers, if any (and only with consent).
pub fn load_mapping(headers: &[String]) -> Option<Vec<u8>> {
    if !remembered() {
        return None;
    }
    storage()?.get_item(&mapping_key(headers)).ok().flatten().map(String::into_bytes)
}

/// Turns remembering on (saving what is loaded now) or off (forgetting everything).
pub fn set_remember(state: AppState, on: bool) {
    if on {
        if let Some(s) = storage() {
            let _ = s.set_item(CONSENT, "1");
        }
        state.remember.set(true);
        state.persist_note.set(Some("persist.on"));
        save_files(state, state.last_files.get_value());
    } else {
        forget(state);
    }
}

/// Removes everything tongxing stored on this device: every `tongxing.*` key and the cached
/// files. The offline copy of the app itself is not user data and stays.
pub fn forget(state: AppState) {
    if let Some(s) = storage() {
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> =
            (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with("tongxing.")).collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
    state.remember.set(false);
    state.persist_note.set(Some("persist.forgotten"));
    if let Some(caches) = caches() {
        leptos::task::spawn_local(async move {
            let _ = JsFuture::from(caches.delete(CACHE)).await;
        });
    }
}

/// At start-up, with consent: restores settings and language (a shared link's settings win)
/// and re-runs the remembered files.
pub fn restore(state: AppState) {
    if !remembered() {
        return;
    }
    state.remember.set(true);
    let Some(text) = storage().and_then(|s| s.get_item(SESSION).ok().flatten()) else { return };
    let Ok(saved) = serde_json::from_str::<Saved>(&text) else { return };
    if state.shared_link.get_untracked().is_none() {
        state.settings.set(saved.settings.clone());
        super::lang::switch(state, crate::i18n::Lang::from_tag(&saved.lang));
    }
    let Some(caches) = caches() else { return };
    if saved.files.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        let Ok(cache) = JsFuture::from(caches.open(CACHE)).await.and_then(|c| c.dyn_into::<web_sys::Cache>())
        else {
            return;
        };
        let mut files = Vec::new();
        for (i, (name, kind)) in saved.files.into_iter().enumerate() {
            let wave = saved.waves.get(i).cloned().flatten();
            let Ok(hit) = JsFuture::from(cache.match_with_str(&file_url(i))).await else { return };
            let Ok(resp) = hit.dyn_into::<web_sys::Response>() else { return };
            let Ok(blob) = resp.blob() else { return };
            let Ok(blob) = JsFuture::from(blob).await.and_then(|b| b.dyn_into::<web_sys::Blob>()) else {
                return;
            };
            files.push(PageFile { name, kind, wave, blob });
        }
        state.persist_note.set(Some("persist.restored"));
        super::run::start(state, files);
    });
}
