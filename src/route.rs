//! The page's views and where the address bar says the reader is: a view (`view=network`) and,
//! in the organizations view, one organization (`org=<id>`), written into the URL fragment next
//! to the share link's settings keys (`#lang=zh&sym=union&view=network`).
//!
//! Pure data so that the views can be named by the core too (each finding links to the view
//! that shows it, see `crate::findings`), and tested natively.

use crate::markup::{percent_decode, percent_encode};

/// One view of the page, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// Headline numbers and key findings in sentences.
    #[default]
    Overview,
    /// Capacity dimensions, reliability, groups, profiles and their charts.
    Capacity,
    /// Each relation's network: summary, key players, diagram, explorer, ego network.
    Network,
    /// Suggestions for growing the community: introductions, new ties, critical brokers.
    Cultivate,
    /// One organization at a time, and the table of all of them.
    Organizations,
    /// Files, data notes, column mapping, name review and settings.
    Data,
    /// Outcome models: the paper's chain, a model builder, results in words.
    Models,
    /// Survey rounds compared: who joined and left, capacity change, network change.
    Change,
    /// Every download, grouped by who it is for, and the share link.
    Downloads,
}

impl View {
    /// Every view, in navigation order.
    pub const ALL: [View; 9] = [
        View::Overview,
        View::Capacity,
        View::Network,
        View::Cultivate,
        View::Organizations,
        View::Change,
        View::Models,
        View::Data,
        View::Downloads,
    ];

    /// The view's key in the URL fragment and in `data-testid="nav-<key>"`.
    pub fn key(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Capacity => "capacity",
            View::Network => "network",
            View::Cultivate => "cultivate",
            View::Organizations => "organizations",
            View::Data => "data",
            View::Models => "models",
            View::Change => "change",
            View::Downloads => "downloads",
        }
    }

    /// The translation key of the view's name in the navigation.
    pub fn label_key(self) -> &'static str {
        match self {
            View::Overview => "nav.overview",
            View::Capacity => "nav.capacity",
            View::Network => "nav.network",
            View::Cultivate => "nav.cultivate",
            View::Organizations => "nav.organizations",
            View::Data => "nav.data",
            View::Models => "nav.models",
            View::Change => "nav.change",
            View::Downloads => "nav.downloads",
        }
    }

    /// The view with this key.
    pub fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// Where the reader is: a view and, in the organizations view, the organization shown (its id).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    /// The view shown.
    pub view: View,
    /// The organization shown in the organizations view (its id in the report).
    pub org: Option<String>,
}

/// Fragment keys that belong to the route, not to the settings.
const ROUTE_KEYS: [&str; 2] = ["view", "org"];

impl Route {
    /// A view without an organization.
    pub fn view(view: View) -> Route {
        Route { view, org: None }
    }

    /// One organization's page.
    pub fn organization(id: impl Into<String>) -> Route {
        Route { view: View::Organizations, org: Some(id.into()) }
    }

    /// The route held in a URL fragment (with or without `#`), if any, and the fragment without
    /// it (the settings part, for [`crate::settings::Settings::from_fragment`]).
    pub fn split_fragment(fragment: &str) -> (Option<Route>, String) {
        let fragment = fragment.trim_start_matches('#');
        let mut view = None;
        let mut org = None;
        let mut rest = Vec::new();
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "view" => view = percent_decode(v).and_then(|v| View::from_key(&v)),
                "org" => org = percent_decode(v).filter(|v| !v.is_empty()),
                _ => rest.push(pair),
            }
        }
        let route = match (view, org) {
            (_, Some(id)) => Some(Route::organization(id)),
            (Some(view), None) => Some(Route::view(view)),
            (None, None) => None,
        };
        (route, rest.join("&"))
    }

    /// `fragment` (without `#`) with its route keys replaced by this route's: the other keys
    /// (the share link's settings) stay as they are, in their order.
    pub fn in_fragment(&self, fragment: &str) -> String {
        let fragment = fragment.trim_start_matches('#');
        let mut parts: Vec<String> = fragment
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| !ROUTE_KEYS.contains(&p.split_once('=').map_or(*p, |(k, _)| k)))
            .map(str::to_string)
            .collect();
        parts.push(format!("view={}", self.view.key()));
        if let (View::Organizations, Some(id)) = (self.view, &self.org) {
            parts.push(format!("org={}", percent_encode(id)));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_round_trips_through_its_key() {
        for v in View::ALL {
            assert_eq!(View::from_key(v.key()), Some(v));
            assert!(v.label_key().starts_with("nav."));
        }
        assert_eq!(View::from_key("nope"), None);
    }

    #[test]
    fn the_route_sits_beside_the_settings_in_the_fragment() {
        let (route, rest) = Route::split_fragment("#lang=zh&sym=union&view=network");
        assert_eq!(route, Some(Route::view(View::Network)));
        assert_eq!(rest, "lang=zh&sym=union");
        let f = Route::view(View::Capacity).in_fragment("#lang=zh&view=network&sym=union");
        assert_eq!(f, "lang=zh&sym=union&view=capacity");
        assert_eq!(Route::view(View::Overview).in_fragment(""), "view=overview");
        // An organization's id is percent-encoded and comes back whole.
        let r = Route::organization("绿芽 & 星火=1");
        let f = r.in_fragment("lang=en");
        assert!(f.starts_with("lang=en&view=organizations&org="), "{f}");
        assert!(!f.contains(' ') && f.matches('&').count() == 2, "{f}");
        assert_eq!(Route::split_fragment(&f), (Some(r), "lang=en".to_string()));
        // Unknown views are ignored, an org alone opens the organizations view.
        assert_eq!(Route::split_fragment("view=nowhere"), (None, String::new()));
        assert_eq!(Route::split_fragment("org=42").0, Some(Route::organization("42")));
        assert_eq!(Route::split_fragment("").0, None);
        // An organization in another view is not written.
        let other = Route { view: View::Network, org: Some("42".into()) };
        assert_eq!(other.in_fragment(""), "view=network");
    }
}
