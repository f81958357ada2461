//! The file Web Worker: writes XLSX and ZIP downloads from the page's recipes
//! ([`crate::export::FileRecipe`]). It is a separate, size-optimized build so that neither the
//! page (first download) nor the speed-optimized analysis worker carries the XLSX and ZIP
//! writers; the page starts it on the first such download (`ui::maker`).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::export::FileRecipe;
use crate::worker::{listen, scope};

/// Installs the panic hook and the message handler, then tells the page it is ready.
pub fn start() {
    listen(|data| make(&data));
}

/// A file to make: `{ make: id, recipe: Uint8Array(JSON FileRecipe) }`; replies
/// `{ type: "file", id, bytes }` (the buffer transferred) or `{ type: "file", id, error }`.
fn make(data: &JsValue) {
    let get = |k: &str| js_sys::Reflect::get(data, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let id = get("make").as_f64().unwrap_or(0.0);
    let reply = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&reply, &k.into(), v);
    };
    set("type", &"file".into());
    set("id", &id.into());
    let recipe = get("recipe")
        .dyn_into::<js_sys::Uint8Array>()
        .ok()
        .and_then(|a| serde_json::from_slice::<FileRecipe>(&a.to_vec()).ok());
    let made = match recipe {
        Some(r) => r.make().map_err(|e| e.to_string()),
        None => Err("malformed file request".to_string()),
    };
    match made {
        Ok(bytes) => {
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            set("bytes", &array);
            let _ = scope().post_message_with_transfer(&reply, &js_sys::Array::of1(&array.buffer()));
        }
        Err(e) => {
            set("error", &e.into());
            let _ = scope().post_message(&reply);
        }
    }
}
