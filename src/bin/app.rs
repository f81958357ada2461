//! The page's entry point: a panic hook that keeps the page from going blank, then the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
    tongxing::ui::mount();
}

/// Reveals the static error panel of `index.html` with the panic message.
#[cfg(target_arch = "wasm32")]
fn show_fatal(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(el) = doc.get_element_by_id("fatal-detail") {
        el.set_text_content(Some(detail));
    }
    if let Some(el) = doc.get_element_by_id("fatal") {
        let _ = el.remove_attribute("hidden");
    }
}

/// The page only exists in the browser; natively this binary just says so.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the `app` binary is the web page; build it with `trunk build --release` (see README)");
    std::process::exit(2);
}
