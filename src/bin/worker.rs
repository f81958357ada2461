//! The analysis Web Worker's entry point (built by Trunk as `worker.js` + `worker_bg.wasm`).

#[cfg(target_arch = "wasm32")]
fn main() {
    tongxing::worker::start();
}

/// The worker only exists in the browser; natively this binary just says so.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the `worker` binary is the page's Web Worker; build it with `trunk build --release`");
    std::process::exit(2);
}
