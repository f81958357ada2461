//! Results computed elsewhere — by the page's pool of workers while a run was paused — handed
//! to the analysis that would otherwise compute them, each under a key of everything it was
//! computed from.
//!
//! The pipeline is synchronous and knows nothing of workers: a layer that can take a result
//! (the passes' sums in `network::metrics`, the graph-only metrics in `network::graph_only`,
//! the introductions' picks in `joint::introduce`) keeps its own thread-local [`Handover`],
//! which the run fills for the length of the analysis ([`Handover::with`]) and the layer
//! empties one result at a time ([`Handover::take`]). A result whose key is not asked for is
//! never used, so a wrong one can cost time but never change a number.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Results by key, for one run.
pub struct Handover<T>(RefCell<Vec<(u64, T)>>);

impl<T> Handover<T> {
    pub const fn new() -> Handover<T> {
        Handover(RefCell::new(Vec::new()))
    }

    /// Runs `f` with `items` at hand in `slot`; what `f` did not take is dropped after it.
    pub fn with<R>(slot: &'static LocalKey<Handover<T>>, items: Vec<(u64, T)>, f: impl FnOnce() -> R) -> R {
        slot.with(|h| *h.0.borrow_mut() = items);
        let out = f();
        slot.with(|h| h.0.borrow_mut().clear());
        out
    }

    /// The result under the key `key()` — computed only when something is at hand, as keys
    /// hash whole graphs — if `fits` accepts it. Each result is taken once.
    pub fn take(
        slot: &'static LocalKey<Handover<T>>,
        key: impl FnOnce() -> u64,
        fits: impl Fn(&T) -> bool,
    ) -> Option<T> {
        slot.with(|h| {
            let mut h = h.0.borrow_mut();
            if h.is_empty() {
                return None;
            }
            let key = key();
            let at = h.iter().position(|(k, t)| *k == key && fits(t))?;
            Some(h.swap_remove(at).1)
        })
    }
}

impl<T> Default for Handover<T> {
    fn default() -> Handover<T> {
        Handover::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SLOT: Handover<&'static str> = const { Handover::new() };
    }

    #[test]
    fn results_are_taken_once_by_key_and_fit_and_dropped_after_the_run() {
        let asked = std::cell::Cell::new(0);
        let key = |k: u64| {
            asked.set(asked.get() + 1);
            k
        };
        // Nothing at hand: the key is not even computed.
        assert_eq!(Handover::take(&SLOT, || key(1), |_| true), None);
        assert_eq!(asked.get(), 0);
        Handover::with(&SLOT, vec![(1, "a"), (2, "b"), (3, "c")], || {
            assert_eq!(Handover::take(&SLOT, || key(1), |_| true), Some("a"));
            assert_eq!(Handover::take(&SLOT, || key(1), |_| true), None);
            assert_eq!(Handover::take(&SLOT, || key(2), |t| *t != "b"), None);
            assert_eq!(Handover::take(&SLOT, || key(9), |_| true), None);
        });
        assert_eq!(Handover::take(&SLOT, || key(3), |_| true), None);
        assert_eq!(asked.get(), 4);
    }
}
