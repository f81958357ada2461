//! Page sections, one component per file.

pub mod agreement;
pub mod analysis;
pub mod capacity;
pub mod change;
pub mod charts;
pub mod cultivate;
pub mod diagnostics;
pub mod ego;
pub mod explorer;
pub mod exports;
pub mod files;
pub mod fold;
pub mod header;
pub mod input;
pub mod mapping;
pub mod models;
pub mod names;
pub mod network;
pub mod network_nodes;
pub mod organization;
pub mod overview;
pub mod picker;
pub mod settings;
pub mod status;
pub mod summary;
pub mod table;
