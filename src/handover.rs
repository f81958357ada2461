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
//!
//! Because a result that is not taken changes no number, a hand-over that silently fails
//! (a result lost on its way, a key computed from other inputs) shows only as time. The
//! [`ledger`] counts, by kind, the results offered and taken, for the tests that check the
//! pool's work is used.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Results by key, for one run, of the kind named `kind` (for the [`ledger`]).
pub struct Handover<T> {
    kind: &'static str,
    items: RefCell<Vec<(u64, T)>>,
}

/// How many results of a kind were offered to runs and how many of them were taken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub offered: usize,
    pub taken: usize,
}

thread_local! {
    /// A list, not a map: there are six kinds, and the quick worker's bytes count towards the
    /// page's first load.
    static LEDGER: RefCell<Vec<(&'static str, Counts)>> = const { RefCell::new(Vec::new()) };
}

/// The counts by kind, in the order the kinds were first counted, since the ledger was last
/// read, emptying it.
pub fn ledger() -> Vec<(&'static str, Counts)> {
    LEDGER.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

/// Counts in the ledger. Only builds with the `pool-member` feature (native, and the page's
/// fast analysis worker) keep it: the quick worker's bytes count towards the first load (the
/// ledger's code was 1.2 KB of the 1 KB left), and its hand-overs run the same code as the
/// fast build's.
#[cfg(not(feature = "pool-member"))]
fn count(_: &'static str, _: impl FnOnce(&mut Counts)) {}

#[cfg(feature = "pool-member")]
fn count(kind: &'static str, f: impl FnOnce(&mut Counts)) {
    LEDGER.with(|l| {
        let mut l = l.borrow_mut();
        match l.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, c)) => f(c),
            None => {
                let mut c = Counts::default();
                f(&mut c);
                l.push((kind, c));
            }
        }
    });
}

impl<T> Handover<T> {
    pub const fn new(kind: &'static str) -> Handover<T> {
        Handover { kind, items: RefCell::new(Vec::new()) }
    }

    /// Runs `f` with `items` at hand in `slot`; what `f` did not take is dropped after it.
    pub fn with<R>(slot: &'static LocalKey<Handover<T>>, items: Vec<(u64, T)>, f: impl FnOnce() -> R) -> R {
        slot.with(|h| {
            if !items.is_empty() {
                count(h.kind, |c| c.offered += items.len());
            }
            *h.items.borrow_mut() = items
        });
        let out = f();
        slot.with(|h| h.items.borrow_mut().clear());
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
            let mut items = h.items.borrow_mut();
            if items.is_empty() {
                return None;
            }
            let key = key();
            let at = items.iter().position(|(k, t)| *k == key && fits(t))?;
            count(h.kind, |c| c.taken += 1);
            Some(items.swap_remove(at).1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SLOT: Handover<&'static str> = const { Handover::new("test") };
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
        // Three offered, one taken; the ledger empties when read.
        assert_eq!(ledger(), [("test", Counts { offered: 3, taken: 1 })]);
        assert_eq!(ledger(), []);
    }
}
