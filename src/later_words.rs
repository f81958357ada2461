//! The words only the download files use (the printable report, the feedback profiles, the
//! results workbook), by key prefix. The page's first load leaves them out (feature
//! `first-words`: `build.rs` writes its embedded copy without them) and fetches them after its
//! first result (`ui::lang`); a tidy test keeps these prefixes out of every other module. Also a
//! module of `build.rs`, so the rule is written once.

/// Key prefixes of the words the page's first load leaves out.
pub const LATER_PREFIXES: [&str; 3] = ["report.", "workbook.", "profile."];
