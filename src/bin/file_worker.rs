//! The file Web Worker's entry point (built by Trunk as `file_worker.js` +
//! `file_worker_bg.wasm`, size-optimized): writes XLSX and ZIP downloads for the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    tongxing::file_worker::start();
}

/// The worker only exists in the browser; natively this binary just says so.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "the `file_worker` binary is the page's download Web Worker; build it with `trunk build --release`"
    );
    std::process::exit(2);
}
