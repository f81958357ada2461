//! The page's views and where the address bar says the reader is: a view (`view=network`) and
//! what it shows — in the organizations view one organization (`org=<id>`) and the dimension
//! ordering the table (`order=<key>`), in the network view one relation (`relation=<key>`) —
//! written into the URL fragment next to the share link's settings keys
//! (`#lang=zh&sym=union&view=network&relation=advice`). One typed value: a link, the address,
//! the history and a reload all describe the whole view they open.
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

/// Where the reader is: a view and what it shows. Each field beyond `view` belongs to one view
/// and is `None` in the others (the constructors, [`Route::split_fragment`] and
/// [`Route::in_fragment`] keep it so).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    /// The view shown.
    pub view: View,
    /// The organization shown in the organizations view (its id in the report).
    pub org: Option<String>,
    /// The dimension (key) whose scores order the organizations view's table, lowest first,
    /// that column shown for it (an overview finding asks so), or several keys joined by `,`
    /// (by the lower of their scores; `findings::order_dimensions`); `None`: the table's own order.
    pub order: Option<String>,
    /// The relation (key) the network view shows; `None`: the one shown last (the first at
    /// the start).
    pub relation: Option<String>,
}

/// Fragment keys that belong to the route, not to the settings.
const ROUTE_KEYS: [&str; 4] = ["view", "org", "order", "relation"];

impl Route {
    /// A view as its navigation link opens it: nothing asked of it.
    pub fn view(view: View) -> Route {
        Route { view, ..Route::default() }
    }

    /// One organization's page.
    pub fn organization(id: impl Into<String>) -> Route {
        Route { org: Some(id.into()), ..Route::view(View::Organizations) }
    }

    /// The organizations view's table ordered by a dimension's scores (its key), lowest first.
    pub fn organizations_by(dimension: impl Into<String>) -> Route {
        Route { order: Some(dimension.into()), ..Route::view(View::Organizations) }
    }

    /// The network view showing one relation (its key).
    pub fn network(relation: impl Into<String>) -> Route {
        Route { relation: Some(relation.into()), ..Route::view(View::Network) }
    }

    /// An organization's page opened from this route: in the organizations view the table
    /// keeps its order.
    pub fn with_org(&self, id: Option<String>) -> Route {
        let order = if self.view == View::Organizations { self.order.clone() } else { None };
        Route { org: id, order, ..Route::view(View::Organizations) }
    }

    /// The same route with the fields that do not belong to its view dropped.
    pub fn normalized(self) -> Route {
        let organizations = self.view == View::Organizations;
        Route {
            org: self.org.filter(|_| organizations),
            order: self.order.filter(|_| organizations),
            relation: self.relation.filter(|_| self.view == View::Network),
            view: self.view,
        }
    }

    /// The route held in a URL fragment (with or without `#`), if any, and the fragment without
    /// it (the settings part, for [`crate::settings::Settings::from_fragment`]). An `org`
    /// without a view opens the organizations view; keys that do not belong to the view are
    /// dropped.
    pub fn split_fragment(fragment: &str) -> (Option<Route>, String) {
        let fragment = fragment.trim_start_matches('#');
        let mut view = None;
        let mut route = Route::default();
        let mut rest = Vec::new();
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let value = || percent_decode(v).filter(|v| !v.is_empty());
            match k {
                "view" => view = percent_decode(v).and_then(|v| View::from_key(&v)),
                "org" => route.org = value(),
                "order" => route.order = value(),
                "relation" => route.relation = value(),
                _ => rest.push(pair),
            }
        }
        route.view = match (view, &route.org) {
            (_, Some(_)) => View::Organizations,
            (Some(view), None) => view,
            (None, None) => return (None, rest.join("&")),
        };
        (Some(route.normalized()), rest.join("&"))
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
        let route = self.clone().normalized();
        for (key, value) in [("org", &route.org), ("order", &route.order), ("relation", &route.relation)] {
            if let Some(v) = value {
                parts.push(format!("{key}={}", percent_encode(v)));
            }
        }
        parts.join("&")
    }

    /// The route as a link's `href`: `#` and its fragment keys alone.
    pub fn href(&self) -> String {
        format!("#{}", self.in_fragment(""))
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
        let other = Route { org: Some("42".into()), ..Route::view(View::Network) };
        assert_eq!(other.in_fragment(""), "view=network");
    }

    #[test]
    fn a_route_round_trips_through_its_fragment_with_what_it_asks_of_its_view() {
        let routes = [
            Route::view(View::Overview),
            Route::organization("7"),
            Route::organizations_by("knowledge sharing & 资金=1"),
            Route { org: Some("绿芽".into()), ..Route::organizations_by("governance") },
            Route::network("advice"),
            Route::network("合作 项目"),
        ];
        for r in routes {
            for settings in ["", "lang=zh&sym=union"] {
                let f = r.in_fragment(settings);
                assert_eq!(Route::split_fragment(&f), (Some(r.clone()), settings.to_string()), "{f}");
                assert_eq!(Route::split_fragment(&r.href()).0, Some(r.clone()));
            }
        }
        // Written in order: the view, then what it shows.
        assert_eq!(Route::network("advice").in_fragment("lang=en"), "lang=en&view=network&relation=advice");
        assert_eq!(
            Route::organizations_by("governance").in_fragment(""),
            "view=organizations&order=governance"
        );
        // A key that does not belong to the view is dropped, read or written; an old route's
        // keys are replaced by the new one's.
        let (r, _) = Route::split_fragment("view=network&order=governance&relation=advice");
        assert_eq!(r, Some(Route::network("advice")));
        let (r, _) = Route::split_fragment("view=capacity&relation=advice&order=x");
        assert_eq!(r, Some(Route::view(View::Capacity)));
        let stray = Route { relation: Some("advice".into()), ..Route::organizations_by("governance") };
        assert_eq!(stray.in_fragment(""), "view=organizations&order=governance");
        let f = Route::view(View::Data).in_fragment("lang=zh&view=network&relation=advice&order=g");
        assert_eq!(f, "lang=zh&view=data");
        // Empty values are no value.
        assert_eq!(Route::split_fragment("view=network&relation=").0, Some(Route::view(View::Network)));
    }

    #[test]
    fn an_organization_opened_from_a_sorted_table_keeps_its_order() {
        let sorted = Route::organizations_by("governance");
        assert_eq!(sorted.with_org(Some("7".into())), Route { org: Some("7".into()), ..sorted.clone() });
        assert_eq!(sorted.with_org(Some("7".into())).with_org(None), sorted);
        assert_eq!(Route::network("advice").with_org(Some("7".into())), Route::organization("7"));
    }
}
