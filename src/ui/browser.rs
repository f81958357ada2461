//! Browser glue: clock, language, file reading, downloads. No analysis here.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::i18n::Lang;
use crate::pipeline::InputFile;

/// Milliseconds from the page's high-resolution clock.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Language from `?lang=` in the URL, else the browser's preferred language.
pub fn preferred_lang() -> Lang {
    let Some(w) = web_sys::window() else { return Lang::Zh };
    if let Ok(search) = w.location().search()
        && let Some(v) = search.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("lang="))
    {
        return Lang::from_tag(v);
    }
    w.navigator().language().map(|l| Lang::from_tag(&l)).unwrap_or(Lang::Zh)
}

/// Sets `<html lang>` so screen readers and fonts follow the UI language.
pub fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", lang.tag());
    }
}

/// Waits for the next macrotask, so the browser can paint the "working" state first.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The files of a `FileList`, copied out: the list is live and empties when the input is reset.
pub fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads files into memory.
///
/// # Errors
/// The name of a file that could not be read.
pub async fn read_files(files: Vec<web_sys::File>) -> Result<Vec<InputFile>, String> {
    let mut out = Vec::new();
    for file in files {
        let name = file.name();
        let gf = gloo_file::File::from(file);
        let bytes = gloo_file::futures::read_as_bytes(&gf).await.map_err(|e| format!("{name}: {e}"))?;
        out.push(InputFile { name, bytes, kind: None });
    }
    Ok(out)
}

/// Offers bytes as a file download (Blob + object URL + a temporary link).
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    let result: Result<(), JsValue> = (|| {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array.buffer());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options)?;
        download_blob(name, &blob)
    })();
    if let Err(e) = result {
        web_sys::console::error_2(&"download failed".into(), &e);
    }
}

/// Offers a Blob as a file download through a temporary link to its object URL.
fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    document.body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    web_sys::Url::revoke_object_url(&url)
}

/// The `width` and `height` attributes of an SVG's root element, in pixels.
fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let head = &svg[..svg.find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let start = head.find(&format!("{name}=\""))? + name.len() + 2;
        head[start..].split('"').next()?.trim_end_matches("px").parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// Saves an SVG chart as a PNG at `scale` times its size: the SVG is drawn into a canvas
/// through an `<img>` from a blob URL (same origin, no network), so text uses the system's
/// fonts, CJK included, exactly as on screen.
pub fn download_png(name: &str, svg: &str, scale: f64) {
    let Some((w, h)) = svg_size(svg) else { return };
    let name = name.to_string();
    let result: Result<(), JsValue> = (|| {
        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        let parts = js_sys::Array::of1(&JsValue::from_str(svg));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("image/svg+xml;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let img = web_sys::HtmlImageElement::new()?;
        let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        canvas.set_width((w * scale).round() as u32);
        canvas.set_height((h * scale).round() as u32);
        let img2 = img.clone();
        let url2 = url.clone();
        let onload = Closure::once_into_js(move || {
            let drawn: Result<(), JsValue> = (|| {
                let ctx: web_sys::CanvasRenderingContext2d =
                    canvas.get_context("2d")?.ok_or("no 2d context")?.dyn_into()?;
                ctx.set_fill_style_str("#ffffff");
                ctx.fill_rect(0.0, 0.0, w * scale, h * scale);
                ctx.draw_image_with_html_image_element_and_dw_and_dh(&img2, 0.0, 0.0, w * scale, h * scale)?;
                let _ = web_sys::Url::revoke_object_url(&url2);
                let name = name.clone();
                let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                    if let Some(blob) = blob {
                        let _ = download_blob(&name, &blob);
                    }
                });
                canvas.to_blob(on_blob.unchecked_ref())?;
                Ok(())
            })();
            if let Err(e) = drawn {
                web_sys::console::error_2(&"png export failed".into(), &e);
            }
        });
        img.set_onload(Some(onload.unchecked_ref()));
        img.set_src(&url);
        Ok(())
    })();
    if let Err(e) = result {
        web_sys::console::error_2(&"png export failed".into(), &e);
    }
}
