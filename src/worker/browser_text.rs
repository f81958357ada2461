//! The browser's text services as the core's hooks: `TextDecoder` as its [`PieceDecoder`] (see
//! `ingest::text_decode`) and `String.prototype.normalize` as its NFKC (`ingest::nfkc`). The
//! analysis worker decodes GB18030, Big5, UTF-16 and the rest and normalizes names with them
//! instead of carrying `encoding_rs`'s and `unicode-normalization`'s tables.
//!
//! Bound here rather than through `web_sys`: its options type has no `ignoreBOM`, and enabling
//! three more `web_sys` features rebuilds every crate that depends on `web_sys` (Leptos among
//! them) in each of the four wasm builds.

use encoding_rs::Encoding;
use wasm_bindgen::prelude::*;

use crate::ingest::text_decode::PieceDecoder;

#[wasm_bindgen]
extern "C" {
    type TextDecoder;

    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str, options: &JsValue) -> Result<TextDecoder, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, input: &[u8], options: &JsValue) -> Result<String, JsValue>;
}

/// Makes the core decode and normalize text with the browser's own code.
pub fn install() {
    crate::ingest::text_decode::use_decoders(make);
    crate::ingest::nfkc::use_normalizer(nfkc);
}

/// `text` in NFKC, by the browser.
pub fn nfkc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFKC").into()
}

/// The browser's decoder of `encoding`, keeping a BOM as U+FEFF (`ignoreBOM`) and replacing
/// malformed bytes (`fatal` is false by default); `None` if the browser refuses the label.
pub fn make(encoding: &'static Encoding) -> Option<Box<dyn PieceDecoder>> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"ignoreBOM".into(), &true.into()).ok()?;
    let decoder = TextDecoder::new(encoding.name(), &options).ok()?;
    Some(Box::new(Browser { decoder, more: stream_options(true), end: stream_options(false) }))
}

/// One file's browser decoder, with its two option objects made once.
struct Browser {
    decoder: TextDecoder,
    more: JsValue,
    end: JsValue,
}

impl PieceDecoder for Browser {
    fn decode(&mut self, input: &[u8], last: bool) -> String {
        let options = if last { &self.end } else { &self.more };
        // `decode` throws only for a detached buffer or a fatal decoder, neither of which this is.
        self.decoder.decode(input, options).unwrap_or_else(|_| "\u{FFFD}".into())
    }
}

/// `{stream}` for `decode`: true while more bytes follow.
fn stream_options(stream: bool) -> JsValue {
    let options = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&options, &"stream".into(), &stream.into());
    options.into()
}
