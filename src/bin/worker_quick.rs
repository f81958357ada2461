//! The analysis Web Worker built for size (`worker_quick.js` + `worker_quick_bg.wasm`, Cargo
//! profile `wasm-release`): the same code as `worker`, which is built for speed. `boot.js`
//! starts this one with the page, so the first result waits for fewer bytes; the page hands
//! later jobs to the fast build once it has loaded (`ui::bridge`).

#[cfg(target_arch = "wasm32")]
fn main() {
    tongxing::worker::start();
}

/// The worker only exists in the browser; natively this binary just says so.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the `worker_quick` binary is the page's Web Worker; build it with `trunk build --release`");
    std::process::exit(2);
}
