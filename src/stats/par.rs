//! Work split across threads with results that do not depend on how many there are.
//!
//! [`Threads`] says how many threads a computation may use; it is not an analysis setting (not
//! in `crate::settings::Settings`, the share link or the reproducibility record), because it
//! never changes a result: every parallel computation is cut into pieces whose number and
//! bounds depend only on the data, and the pieces' results are combined in piece order
//! ([`ordered`]), so one thread and seven give the same bits. With one thread (the page's
//! WebAssembly build, which has no threads) nothing is spawned, and the thread machinery is
//! not even linked: it is reached only through [`Threads::new`].

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// A piece's result on its way from a thread to the fold.
type Payload = Box<dyn Any + Send>;

/// One thread's worker: runs piece `i` with the thread's own scratch space.
type Worker<'a> = Box<dyn FnMut(usize) -> Payload + Send + 'a>;

/// Runs `count` pieces on up to `threads` threads, each making its worker with `make`, and
/// hands the results to `fold` in piece order. Not generic, and reached only through a
/// [`Threads`] made by [`Threads::new`]: a build that only ever runs on [`Threads::ONE`] (the
/// page's worker) links none of the thread machinery.
type Runner =
    for<'a> fn(usize, usize, &'a (dyn Fn() -> Worker<'a> + Sync + 'a), &mut dyn FnMut(usize, Payload));

/// How many threads a computation may use (at least one).
#[derive(Clone, Copy)]
pub struct Threads {
    count: usize,
    runner: Option<Runner>,
}

impl Threads {
    /// One thread: everything runs on the calling thread.
    pub const ONE: Threads = Threads { count: 1, runner: None };

    /// `n` threads (0 counts as 1), started with `std::thread::scope` (native builds: a
    /// WebAssembly build without threads would fail to start them).
    pub fn new(n: usize) -> Threads {
        Threads { count: n.max(1), runner: Some(scoped) }
    }

    /// As many threads as the machine runs at once (`std::thread::available_parallelism`;
    /// one where that is unknown).
    pub fn available() -> Threads {
        Threads::new(std::thread::available_parallelism().map_or(1, usize::from))
    }

    /// The number of threads.
    pub fn get(self) -> usize {
        self.count
    }
}

impl Default for Threads {
    fn default() -> Threads {
        Threads::ONE
    }
}

impl PartialEq for Threads {
    fn eq(&self, other: &Threads) -> bool {
        self.count == other.count
    }
}

impl std::fmt::Debug for Threads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Threads({})", self.count)
    }
}

/// Runs `work(scratch, i)` for every piece `i` in `0..count` and hands each result to
/// `fold(i, result)` in increasing `i`, whatever order the pieces finish in. Each thread makes
/// its own scratch space with `init` once and reuses it for every piece it runs; threads take
/// the next piece when they finish one, so unequal pieces even out. `fold` runs on the calling
/// thread. Results that arrive ahead of their turn wait (in practice a few, as pieces are
/// handed out in order).
pub fn ordered<S: Send, T: Send + 'static>(
    threads: Threads,
    count: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
    mut fold: impl FnMut(usize, T),
) {
    let workers = threads.count.min(count);
    let Some(runner) = threads.runner.filter(|_| workers > 1) else {
        let mut scratch = init();
        for i in 0..count {
            fold(i, work(&mut scratch, i));
        }
        return;
    };
    let (init, work) = (&init, &work);
    let make = move || -> Worker<'_> {
        let mut scratch = init();
        Box::new(move |i| Box::new(work(&mut scratch, i)) as Payload)
    };
    runner(workers, count, &make, &mut |i, result| {
        // Every payload is a `T`: the workers made above are the only ones.
        if let Ok(result) = result.downcast::<T>() {
            fold(i, *result);
        }
    });
}

/// The [`Runner`] of [`Threads::new`]: scoped threads taking pieces from a shared counter.
fn scoped<'a>(
    threads: usize,
    count: usize,
    make: &'a (dyn Fn() -> Worker<'a> + Sync + 'a),
    fold: &mut dyn FnMut(usize, Payload),
) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Payload)>();
    let next = &next;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            scope.spawn(move || {
                let mut worker = make();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    // A closed channel means the receiving side panicked: stop.
                    if i >= count || tx.send((i, worker(i))).is_err() {
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
pub fn map<S: Send, T: Send + 'static>(
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
