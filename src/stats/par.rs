//! Work split across threads with results that do not depend on how many there are.
//!
//! [`Threads`] says how many threads a computation may use; it is not an analysis setting (not
//! in `crate::settings::Settings`, the share link or the reproducibility record), because it
//! never changes a result: every parallel computation is cut into pieces whose number and
//! bounds depend only on the data, and the pieces' results are combined in piece order
//! ([`ordered`]), so one thread and seven give the same bits. With one thread (the page's
//! WebAssembly build, which has no threads) nothing is spawned.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// How many threads a computation may use (at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threads(usize);

impl Threads {
    /// One thread: everything runs on the calling thread.
    pub const ONE: Threads = Threads(1);

    /// `n` threads (0 counts as 1).
    pub fn new(n: usize) -> Threads {
        Threads(n.max(1))
    }

    /// As many threads as the machine runs at once (`std::thread::available_parallelism`;
    /// one where that is unknown, as in a browser).
    pub fn available() -> Threads {
        Threads(std::thread::available_parallelism().map_or(1, usize::from))
    }

    /// The number of threads.
    pub fn get(self) -> usize {
        self.0
    }
}

impl Default for Threads {
    fn default() -> Threads {
        Threads::ONE
    }
}

/// Runs `work(scratch, i)` for every piece `i` in `0..count` and hands each result to
/// `fold(i, result)` in increasing `i`, whatever order the pieces finish in. Each thread makes
/// its own scratch space with `init` once and reuses it for every piece it runs; threads take
/// the next piece when they finish one, so unequal pieces even out. `fold` runs on the calling
/// thread. Results that arrive ahead of their turn wait (in practice a few, as pieces are
/// handed out in order).
pub fn ordered<S, T: Send>(
    threads: Threads,
    count: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
    mut fold: impl FnMut(usize, T),
) {
    let workers = threads.get().min(count);
    if workers <= 1 {
        let mut scratch = init();
        for i in 0..count {
            fold(i, work(&mut scratch, i));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let (next, init, work) = (&next, &init, &work);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            scope.spawn(move || {
                let mut scratch = init();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    // A closed channel means the receiving side panicked: stop.
                    if i >= count || tx.send((i, work(&mut scratch, i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, result) in rx {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&due) {
                fold(due, result);
                due += 1;
            }
        }
    });
}

/// `work(scratch, i)` for every `i` in `0..count`, in order (see [`ordered`]).
pub fn map<S, T: Send>(
    threads: Threads,
    count: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
) -> Vec<T> {
    let mut out = Vec::with_capacity(count);
    ordered(threads, count, init, work, |_, t| out.push(t));
    out
}

/// Splits `0..len` into consecutive ranges of `size` (the last may be shorter): the pieces of
/// a computation whose bounds must not depend on the number of threads.
pub fn ranges(len: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let size = size.max(1);
    (0..len.div_ceil(size)).map(|i| i * size..((i + 1) * size).min(len)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_piece_order_for_any_number_of_threads() {
        for t in [1, 2, 3, 7] {
            let mut seen = Vec::new();
            // Later pieces are quicker, so they finish first and must wait for their turn.
            ordered(
                Threads::new(t),
                40,
                || 0usize,
                |runs, i| {
                    *runs += 1;
                    std::thread::sleep(std::time::Duration::from_micros(((40 - i) * 20) as u64));
                    i * i
                },
                |i, v| seen.push((i, v)),
            );
            assert_eq!(seen, (0..40).map(|i| (i, i * i)).collect::<Vec<_>>(), "{t} threads");
        }
        assert!(map(Threads::new(3), 0, || (), |_, i| i).is_empty());
    }

    #[test]
    fn ranges_cover_exactly() {
        assert_eq!(ranges(10, 4), vec![0..4, 4..8, 8..10]);
        assert_eq!(ranges(0, 4), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(ranges(3, 0), vec![0..1, 1..2, 2..3]);
        assert_eq!(Threads::new(0), Threads::ONE);
    }
}
