//! The file Web Worker: writes XLSX and ZIP downloads from the page's recipes
//! ([`crate::export::FileRecipe`]). It is a separate, size-optimized build so that neither the
//! page (first download) nor the speed-optimized analysis worker carries the XLSX and ZIP
//! writers; the page starts it on the first such download (`ui::maker`).

use wasm_bindgen::prelude::*;

use crate::export::FileRecipe;
use crate::protocol::{ToWorker, WorkerMessage};
use crate::worker::{listen, post, post_with};

/// Installs the panic hook and the message handler, then tells the page it is ready.
pub fn start() {
    listen(|msg, _| {
        if let ToWorker::Make { id, recipe } = msg {
            make(id, &recipe);
        }
    });
}

/// Makes the file of a [`ToWorker::Make`] and replies with a [`WorkerMessage::File`]: its
/// bytes attached (the buffer transferred), or why it could not be made.
fn make(id: u64, recipe: &FileRecipe) {
    match recipe.make() {
        Ok(bytes) => {
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            post_with(&WorkerMessage::File { id, error: None }, &[&JsValue::from(array)]);
        }
        Err(e) => post(&WorkerMessage::File { id, error: Some(e.to_string()) }),
    }
}
