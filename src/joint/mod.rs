//! Analyses that need both the capacity results and the networks: how capacity relates to
//! network position and the community-of-practice stages ([`linkage`]), and the suggestions for
//! cultivating the community ([`cultivate`]).
//!
//! They sit above `capacity` and `network`, so that neither of those imports the other.

pub mod cultivate;
pub mod introduce;
pub mod linkage;
