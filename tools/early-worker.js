// Starts the analysis worker while the page's own WebAssembly is still arriving (prepended to
// boot.js by tools/externalize-boot.mjs). On a first visit the worker's code is the larger half
// of what must arrive before a first result; started by the page it waited for the page's
// wasm to arrive, compile and mount. Its first messages (Ready) are kept until the page
// adopts it (`ui::worker_handle::WorkerHandle::adopt_early`); a page that never does simply
// lets it run idle. It is the analysis worker's small build (`worker_quick`, about 0.9 MB
// gzipped against the fast build's 1.2 MB); the page moves to the fast one later.
try {
  const worker = new Worker('./worker_quick_loader.js');
  const events = [];
  const keep = (event) => events.push(event);
  worker.addEventListener('message', keep);
  worker.addEventListener('error', keep);
  self.tongxingEarlyWorker = {
    worker,
    // Hands over the events so far and stops keeping new ones (the page listens from now on).
    take() {
      worker.removeEventListener('message', keep);
      worker.removeEventListener('error', keep);
      return events.splice(0);
    },
  };
} catch (_) {
  // No workers here: the page finds none to adopt and says what it says without one.
}
