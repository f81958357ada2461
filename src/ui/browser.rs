//! Browser glue: clock, language, file reading, downloads. No analysis here.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::i18n::Lang;

/// Widest window taken for a phone's: the style's `@media (max-width: 600px)`, where tables
/// become cards, the navigation a bar and the explorer's controls a column.
pub const PHONE_MAX_WIDTH: f64 = 600.0;

/// Whether the window is a phone's ([`PHONE_MAX_WIDTH`] or narrower).
pub fn phone_width() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .is_some_and(|w| w <= PHONE_MAX_WIDTH)
}

/// Milliseconds from the page's high-resolution clock.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// A message channel to the page itself and the waiters of [`next_task`], oldest first.
struct TaskChannel {
    channel: web_sys::MessageChannel,
    waiting: std::collections::VecDeque<js_sys::Function>,
    /// The listener of `port1`, owned with the channel (both live as long as the page).
    _on_message: gloo_events::EventListener,
}

thread_local! {
    static TASKS: std::cell::RefCell<Option<TaskChannel>> = const { std::cell::RefCell::new(None) };
}

/// Waits for the next task through a message to the page itself: unlike a timer, it is not
/// held back 4 ms once timeouts nest, so a chain of short steps is not stretched by waits.
/// (One channel for the page, kept alive here, so no port can be collected with a message in
/// flight.)
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let sent = TASKS.with(|t| {
            let mut t = t.borrow_mut();
            if t.is_none() {
                let channel = web_sys::MessageChannel::new().ok()?;
                let on_message = gloo_events::EventListener::new(&channel.port1(), "message", |_| {
                    let next = TASKS.with(|t| t.borrow_mut().as_mut().and_then(|t| t.waiting.pop_front()));
                    if let Some(resolve) = next {
                        let _ = resolve.call0(&JsValue::UNDEFINED);
                    }
                });
                // A port's messages flow once it is started (`onmessage` started it implicitly).
                channel.port1().start();
                *t = Some(TaskChannel { channel, waiting: Default::default(), _on_message: on_message });
            }
            let t = t.as_mut()?;
            t.channel.port2().post_message(&JsValue::UNDEFINED).ok()?;
            t.waiting.push_back(resolve.clone());
            Some(())
        });
        if sent.is_none() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
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

/// The settings fragment of the page's URL (`#…`), if any.
pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Puts `fragment` into the address bar (without reloading or adding a history entry), copies
/// the full link to the clipboard where the browser allows it, and returns the link so the
/// page can also show it for copying by hand (WeChat and other embedded browsers).
pub fn share_link(fragment: &str) -> Option<String> {
    let w = web_sys::window()?;
    let loc = w.location();
    let url = format!("{}{}{}#{fragment}", loc.origin().ok()?, loc.pathname().ok()?, loc.search().ok()?);
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
    if w.is_secure_context() {
        let _ = w.navigator().clipboard().write_text(&url);
    }
    Some(url)
}

/// Sets `<html lang>` so screen readers and fonts follow the UI language, and the window's
/// title in it (index.html's, in both languages, is for the moment before the page runs).
pub fn set_document_lang(lang: Lang) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(el) = doc.document_element() {
        let _ = el.set_attribute("lang", lang.tag());
    }
    let t = |k| crate::i18n::t(lang, k);
    doc.set_title(&format!("{} — {}", t("app.title"), t("app.subtitle")));
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

/// Offers bytes as a file download (Blob + object URL + a temporary link).
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    let result: Result<(), JsValue> = (|| {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array.buffer());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options)?;
        // Text files can also be copied (in GB18030 CSVs the bytes are not UTF-8: no copy).
        let text = (mime.starts_with("text/") || mime.contains("json") || mime.contains("xml"))
            .then(|| std::str::from_utf8(bytes).ok().map(|s| s.trim_start_matches('\u{feff}').to_string()))
            .flatten();
        download_blob_with_text(name, &blob, text)
    })();
    if let Err(e) = result {
        web_sys::console::error_2(&"download failed".into(), &e);
    }
}

/// The last file offered for download, kept so the page can offer "open" and "copy" when the
/// browser ignores the download (WeChat's and other in-app browsers do).
#[derive(Debug, Clone, PartialEq)]
pub struct LastDownload {
    /// File name.
    pub name: String,
    /// Object URL of the file (valid until the next download replaces it).
    pub url: String,
    /// The file's text, for text formats (CSV, JSON, HTML, XML, SVG), to copy.
    pub text: Option<String>,
}

/// The page's handler for a new download.
type DownloadHandler = Box<dyn Fn(LastDownload)>;

thread_local! {
    static LAST: std::cell::RefCell<Option<LastDownload>> = const { std::cell::RefCell::new(None) };
    static ON_DOWNLOAD: std::cell::RefCell<Option<DownloadHandler>> = const { std::cell::RefCell::new(None) };
}

/// Registers the page's handler for "a file was offered" (shows the open/copy fallback).
pub fn on_download(f: impl Fn(LastDownload) + 'static) {
    ON_DOWNLOAD.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

/// Copies text to the clipboard where the browser allows it; false when it cannot.
pub fn copy_text(text: &str) -> bool {
    match web_sys::window() {
        Some(w) if w.is_secure_context() => {
            let _ = w.navigator().clipboard().write_text(text);
            true
        }
        _ => false,
    }
}

/// Offers a Blob as a file download through a temporary link to its object URL. The URL of
/// the latest download stays alive for the open/copy fallback; the previous one is revoked.
fn download_blob_with_text(name: &str, blob: &web_sys::Blob, text: Option<String>) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    document.body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    let last = LastDownload { name: name.to_string(), url, text };
    if let Some(old) = LAST.with(|l| l.borrow_mut().replace(last.clone())) {
        let _ = web_sys::Url::revoke_object_url(&old.url);
    }
    ON_DOWNLOAD.with(|h| {
        if let Some(f) = h.borrow().as_ref() {
            f(last);
        }
    });
    Ok(())
}

fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    download_blob_with_text(name, blob, None)
}

/// An SVG chart's `<img>` whose source is made when the image first comes within a screen of
/// the viewport: an object URL of a Blob (same origin, no network). Shown as an image, a chart
/// is one element instead of hundreds (the demo's gallery was a third of the page's elements).
/// Made eagerly, the demo's forty charts cost the result's first task 25 ms of Blob copies,
/// and the browser then parsed every one of them as an SVG document (about 0.1 s of the page's
/// main thread), since `loading="lazy"` does not apply to `blob:` addresses. Printing loads
/// every pending chart first. The image's size, from the SVG, is set at once, so the page does
/// not move when it loads.
#[derive(Clone)]
pub struct LazySvg {
    svg: std::sync::Arc<str>,
    /// The object URL once made, to revoke when the image goes (see [`LazySvg::release`]).
    url: std::sync::Arc<std::sync::Mutex<Option<String>>>,
    id: u32,
}

/// An image waiting for its source.
struct PendingSvg {
    img: web_sys::HtmlImageElement,
    source: LazySvg,
}

/// The observer of images near the viewport, and the images it waits for by id.
#[derive(Default)]
struct LazyImages {
    observer: Option<LazyObserver>,
    pending: std::collections::HashMap<u32, PendingSvg>,
    next_id: u32,
}

thread_local! {
    static LAZY: std::cell::RefCell<LazyImages> = std::cell::RefCell::new(LazyImages::default());
}

/// How far outside the viewport an image starts loading.
const LAZY_MARGIN: &str = "1000px 0px";

impl LazySvg {
    /// The SVG's `width` and `height` attributes (pixels), or `None` if it has none (then show
    /// it inline).
    pub fn size(svg: &str) -> Option<(f64, f64)> {
        svg_size(svg)
    }

    /// An image source for `svg`, made by [`LazySvg::attach`].
    pub fn new(svg: std::sync::Arc<str>) -> LazySvg {
        let id = LAZY.with(|l| {
            let mut l = l.borrow_mut();
            l.next_id = l.next_id.wrapping_add(1);
            l.next_id
        });
        LazySvg { svg, url: Default::default(), id }
    }

    /// Gives `img` the SVG as its source once it is near the viewport (at once where the
    /// browser has no `IntersectionObserver`).
    pub fn attach(&self, img: &web_sys::HtmlImageElement) {
        let pending = PendingSvg { img: img.clone(), source: self.clone() };
        let now = LAZY.with(|l| {
            let mut l = l.borrow_mut();
            if l.observer.is_none() {
                l.observer = lazy_observer();
            }
            let Some(o) = &l.observer else { return Some(pending) };
            o.observe(img);
            l.pending.insert(self.id, pending);
            None
        });
        if let Some(p) = now {
            load_svg(p);
        }
    }

    /// The image is gone: stop waiting for it and revoke its URL (see [`revoke_url_later`]).
    pub fn release(&self) {
        LAZY.with(|l| {
            let mut l = l.borrow_mut();
            if let (Some(p), Some(o)) = (l.pending.remove(&self.id), &l.observer) {
                o.unobserve(&p.img);
            }
        });
        if let Some(url) = self.url.lock().ok().and_then(|mut u| u.take()) {
            revoke_url_later(url);
        }
    }
}

/// Makes the object URL of a pending image and sets it as the image's source.
fn load_svg(p: PendingSvg) {
    if let Ok(url) = svg_object_url(&p.source.svg) {
        p.img.set_src(&url);
        if let Ok(mut slot) = p.source.url.lock() {
            *slot = Some(url);
        }
    }
}

/// Loads the pending images for which `pick` says so (all of them before printing).
fn load_pending(pick: impl Fn(&web_sys::HtmlImageElement) -> bool) {
    let ready: Vec<PendingSvg> = LAZY.with(|l| {
        let mut l = l.borrow_mut();
        let ids: Vec<u32> = l.pending.iter().filter(|(_, p)| pick(&p.img)).map(|(id, _)| *id).collect();
        let ready: Vec<PendingSvg> = ids.iter().filter_map(|id| l.pending.remove(id)).collect();
        if let Some(o) = &l.observer {
            ready.iter().for_each(|p| o.unobserve(&p.img));
        }
        ready
    });
    ready.into_iter().for_each(load_svg);
}

/// The observer of chart images with the callback it calls and a `beforeprint` listener that
/// loads them all: owned together (in `LAZY`, for the page's lifetime), none forgotten.
struct LazyObserver {
    observer: web_sys::IntersectionObserver,
    _on_change: Closure<dyn FnMut(js_sys::Array)>,
    _before_print: Option<gloo_events::EventListener>,
}

impl std::ops::Deref for LazyObserver {
    type Target = web_sys::IntersectionObserver;
    fn deref(&self) -> &Self::Target {
        &self.observer
    }
}

/// The page's observer of chart images (and a `beforeprint` listener that loads them all).
fn lazy_observer() -> Option<LazyObserver> {
    let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(|entries: js_sys::Array| {
        let near: Vec<web_sys::Element> = entries
            .iter()
            .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
            .filter(|e| e.is_intersecting())
            .map(|e| e.target())
            .collect();
        load_pending(|img| near.iter().any(|n| n == img.unchecked_ref::<web_sys::Element>()));
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(LAZY_MARGIN);
    let observer =
        web_sys::IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options).ok()?;
    let before_print = web_sys::window()
        .map(|w| gloo_events::EventListener::new(&w, "beforeprint", |_| load_pending(|_| true)));
    Some(LazyObserver { observer, _on_change: on_change, _before_print: before_print })
}

/// An object URL of an SVG text as a Blob (same origin; no network).
///
/// The blob is made from the SVG's UTF-8 bytes: through a JS string, a network diagram's
/// 4 MB were decoded and encoded again (22 ms of a 5,000-organization result's longest task).
fn svg_object_url(svg: &str) -> Result<String, JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(svg.as_bytes()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml;charset=utf-8");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}

/// Releases an object URL made for a [`LazySvg`] once its image is gone: a few seconds later,
/// because an image removed while it was still loading (a language switch draws every chart
/// again) would otherwise fail loading a revoked URL, which the console reports as an error.
pub fn revoke_url_later(url: String) {
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
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
        let url = svg_object_url(svg)?;
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
