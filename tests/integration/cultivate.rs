//! Ego networks, the combined (multiplex) relation and the community-cultivation
//! suggestions, on graphs small enough to check by hand.

use tongxing::joint::cultivate::suggest;
use tongxing::network::ego::{ego_graph, ego_network};
use tongxing::report::{CapacityReport, Introduction};

use crate::util::{analyze_text, assert_close, digraph, undirected};

#[test]
fn ego_network_lists_partners_both_ways_and_ties_among_them() {
    // 0 names 1, 2 names 0, 1 names 2, 3 names 1 (3 is not a partner of 0).
    let g = digraph(4, &[(0, 1), (2, 0), (1, 2), (3, 1)]);
    let e = ego_network(&g, 0);
    let alters: Vec<(usize, bool, bool)> = e.alters.iter().map(|a| (a.node, a.named, a.named_by)).collect();
    assert_eq!(alters, vec![(1, true, false), (2, false, true)]);
    assert_eq!(e.ties, vec![(0, 1)]);
    // One of the 2 × 1 possible directed ties among the two partners.
    assert_close(e.density.unwrap(), 0.5, 1e-12);
    let small = ego_graph(&e);
    assert_eq!(small.node_count(), 3);
    assert!(small.has_edge(0, 1) && small.has_edge(2, 0) && small.has_edge(1, 2));
    assert_eq!(ego_network(&g, 3).density, None);
}

/// Node metrics of a graph through the public pipeline pieces (ids `n0`, `n1`…).
fn nodes_of(g: &tongxing::network::graph::Graph) -> Vec<tongxing::report::NodeMetrics> {
    analyzed(g).nodes
}

/// A graph's relation report through the public pipeline pieces (ids `n0`, `n1`…, names
/// `Org 0`, `Org 1`…).
fn analyzed(g: &tongxing::network::graph::Graph) -> tongxing::report::RelationReport {
    use tongxing::network::build::{Networks, Node, RelationTies};
    let n = g.node_count();
    let ties = (0..n).flat_map(|v| g.out(v).iter().map(move |w| (v as u32, *w, 1.0))).collect();
    let nets = Networks {
        nodes: (0..n)
            .map(|i| Node { id: format!("n{i}"), name: format!("Org {i}"), respondent: true })
            .collect(),
        respondents: n,
        relations: vec![RelationTies { key: "r".into(), ties, non_respondents: vec![], ratings: vec![] }],
        unmatched: vec![],
        aliases: vec![],
        tie_dimensions: vec![],
    };
    tongxing::network::analyze(&nets, &Default::default(), &mut Vec::new()).remove(0).report
}

#[test]
fn coordinator_suggestions_on_a_path_an_isolate_and_a_pair() {
    // Main component: the path 0–1–2–3; a pair 5–6; an isolate 4.
    let g = undirected(7, &[(0, 1), (1, 2), (2, 3), (5, 6)]);
    let nodes = nodes_of(&g);
    let members: Vec<usize> = (0..7).collect();
    let s = suggest(&g, &members, &nodes, &CapacityReport::default(), 1);
    let ties: Vec<(usize, usize, &str)> = s.new_ties.iter().map(|t| (t.a, t.b, t.reason.as_str())).collect();
    // The larger stray component joins the main one first, each through a different hub
    // (hubs by degree: 1 and 2, then 0); then the three ties that shorten the path most.
    assert_eq!(
        ties,
        vec![
            (5, 1, "join_components"),
            (4, 2, "connect_isolate"),
            (0, 2, "shorten_paths"),
            (0, 3, "shorten_paths"),
            (1, 3, "shorten_paths"),
        ]
    );
    assert_eq!(s.new_ties[0].components_after, 2);
    // Path P4: ordered-pair distances sum to 20 over 12 pairs; closing it into a 4-cycle (or
    // adding either chord) leaves 16.
    assert_close(s.new_ties[2].average_distance_before.unwrap(), 20.0 / 12.0, 1e-12);
    assert_close(s.new_ties[2].average_distance_after.unwrap(), 16.0 / 12.0, 1e-12);
    assert!(!s.distances_sampled);
    // Brokers: 1 and 2 are cut vertices; without either, one organization is cut off from
    // the larger remaining part.
    let brokers: Vec<(usize, usize, usize)> =
        s.critical_brokers.iter().map(|b| (b.node, b.cut_off, b.pieces)).collect();
    assert_eq!(brokers, vec![(1, 1, 2), (2, 1, 2)]);
    // No capacity results: only structural-hole introductions are possible.
    assert!(s.introductions.iter().all(|i| i.kind == "structural_hole"));
}

/// A relation's report of a graph through the public pipeline pieces (names `Org 0`, `Org 1`…).
fn relation_of(g: &tongxing::network::graph::Graph) -> tongxing::report::RelationReport {
    let mut rel = analyzed(g);
    let members: Vec<usize> = (0..g.node_count()).collect();
    rel.suggestions = Some(suggest(g, &members, &rel.nodes, &CapacityReport::default(), 1));
    rel
}

#[test]
fn a_broker_reason_names_the_communities_it_links_and_who_its_loss_cuts_off() {
    use tongxing::export::text::broker_reason;
    use tongxing::i18n::Lang;
    // Two 4-cliques (0–3, 5–8) joined only through 4, which also holds four leaves (9–12).
    let mut edges = Vec::new();
    for group in [[0, 1, 2, 3], [5, 6, 7, 8]] {
        for (i, a) in group.iter().enumerate() {
            edges.extend(group[i + 1..].iter().map(|b| (*a, *b)));
        }
    }
    edges.extend([(3, 4), (4, 5), (4, 9), (4, 10), (4, 11), (4, 12)]);
    let g = undirected(13, &edges);
    let rel = relation_of(&g);
    let b = &rel.suggestions.as_ref().unwrap().critical_brokers[0];
    // Without 4: pieces {0–3}, {5–8} and four leaves; the first clique stays (largest, first),
    // the other eight are cut off, the second clique's first named.
    assert_eq!((b.node, b.cut_off, b.pieces), (4, 8, 6));
    assert_eq!(b.cut_off_nodes, vec![5, 6, 7]);
    // Its own community and its partners', counted here from the nodes: all of them, and
    // named first the one holding the most of it and its partners.
    let own: Vec<usize> = [4, 3, 5, 9, 10, 11, 12].iter().map(|v| rel.nodes[*v].community).collect();
    let mut linked = own.clone();
    linked.sort_unstable();
    linked.dedup();
    assert_eq!(b.linked, linked.len());
    assert!(b.linked >= 2, "{linked:?}");
    let most = linked
        .iter()
        .copied()
        .max_by_key(|c| (own.iter().filter(|x| *x == c).count(), std::cmp::Reverse(*c)));
    assert_eq!(b.communities.first().copied(), most);
    assert_eq!(b.communities.len(), 2);
    let named = |c: usize| tongxing::labels::community_name(&rel, c, Lang::En);
    let en = broker_reason(b, &rel, Lang::En);
    let listed: Vec<String> = b.communities.iter().map(|c| named(*c)).collect();
    assert!(listed.iter().all(|c| en.contains(c.as_str())), "{en}");
    assert!(
        en.ends_with(
            "Without it, 8 organizations including Org 5, Org 6 and Org 7 lose every path to the other \
             organizations (the part of the network it is in falls into 6 pieces, counting partners who were \
             not surveyed)."
        ),
        "{en}"
    );
    let zh = broker_reason(b, &rel, Lang::Zh);
    assert!(zh.starts_with("连接Org ") && zh.contains("所在的社群"), "{zh}");
    assert!(
        zh.ends_with(
            "；没有它，Org 5、Org 6、Org 7等 8 家机构与其他机构不再相连（它所在的那部分网络分裂为 6 块，\
             未参与调查的伙伴也计在内）。"
        ),
        "{zh}"
    );
}

#[test]
fn names_pending_review_are_not_counted_as_organizations_a_broker_cuts_off() {
    use tongxing::export::text::broker_reason;
    use tongxing::i18n::Lang;
    // A, B, C form a triangle; C alone names D (surveyed) and "Dee Orgg" (matches no
    // respondent: a name pending review); A alone names "Zed Agency" (pending review too).
    let csv = "org_name,fund_1,partners\n\
               A,3,B;C;Zed Agency\n\
               B,3,A;C\n\
               C,3,A;B;D;Dee Orgg\n\
               D,3,\n";
    let a = analyze_text("pending.csv", csv);
    let rel = &a.report.network.relations[0];
    let pending: Vec<&str> = a.report.network.unmatched.iter().map(|u| u.name.as_str()).collect();
    assert!(pending.contains(&"Dee Orgg") && pending.contains(&"Zed Agency"), "{pending:?}");
    let s = rel.suggestions.as_ref().expect("suggestions");
    let node = |name: &str| rel.nodes.iter().position(|n| n.name == name).unwrap();
    // C's loss cuts off D and the pending name: one surveyed organization, one name apart.
    let c = s.critical_brokers.iter().find(|b| b.name == "C").expect("C is a broker");
    assert_eq!((c.cut_off, c.cut_off_unconfirmed, c.pieces), (1, 1, 3));
    assert_eq!(c.cut_off_nodes, vec![node("D")]);
    // A's loss cuts off only a name pending review: not a broker for that (its efficiency,
    // (3 − 2·1/3)/3 ≈ 0.78, is below 0.8 too).
    assert!(s.critical_brokers.iter().all(|b| b.name != "A"), "{:?}", s.critical_brokers);
    for lang in [Lang::En, Lang::Zh] {
        let text = broker_reason(c, rel, lang);
        assert!(!text.contains("Dee Orgg") && text.contains('D'), "{text}");
    }
    let en = broker_reason(c, rel, Lang::En);
    assert!(en.contains("Without it, D lose") && en.contains("1 names pending review"), "{en}");
    let zh = broker_reason(c, rel, Lang::Zh);
    assert!(zh.contains("没有它，D与其他机构不再相连") && zh.contains("另有 1 个待核对的伙伴名称"), "{zh}");
    // The overview's finding counts the same: one organization holds the network together,
    // cutting off one.
    let f = tongxing::findings::findings(&a.report);
    let brokers = f.iter().find(|f| f.kind == tongxing::findings::Kind::Brokers).expect("brokers finding");
    assert_eq!(brokers.arg("count"), Some(&tongxing::findings::Value::Count(1)));
    assert_eq!(brokers.arg("cut_off"), Some(&tongxing::findings::Value::Count(1)));
}

#[test]
fn introductions_point_to_partners_of_partners_strong_where_one_is_weak() {
    // A names B; B names A, C and D. A is weakest in fundraising (1 against 5 for knowledge
    // sharing); C, a partner of A's partner, scores 5 on fundraising (top quarter: 87.5th
    // percentile); D scores 2 (37.5th) and is not suggested.
    let csv = "org_name,fund_1,fund_2,ks_1,ks_2,partners\n\
               A,1,1,5,5,B\n\
               B,3,3,3,3,A;C;D\n\
               C,5,5,3,3,\n\
               D,2,2,3,3,\n";
    let a = analyze_text("intro.csv", csv);
    let rel = &a.report.network.relations[0];
    let s = rel.suggestions.as_ref().expect("suggestions");
    let for_a: Vec<_> = s.introductions.iter().filter(|i| i.name == "A" && i.kind == "capacity").collect();
    assert_eq!(for_a.len(), 1, "{:?}", s.introductions);
    let i = for_a[0];
    assert_eq!(i.to_name, "C");
    assert_eq!(i.dimension.as_deref(), Some("fund"));
    assert_eq!((i.own_score, i.their_score, i.shared_partners), (Some(1.0), Some(5.0), 1));
    // Nobody is introduced to an organization it already works with.
    for i in &s.introductions {
        let g = &a.graphs[0];
        assert!(!g.und(i.node).contains(&(i.to as u32)), "{i:?}");
        assert_ne!(i.node, i.to);
    }
}

#[test]
fn demo_suggestions_are_consistent() {
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let last = a.report.network.relations.last().unwrap();
    assert!(last.settings.combined, "the demo has two relations, so a combined view is added");
    for (rel, graph) in a.relations() {
        let s = rel.suggestions.as_ref().unwrap();
        assert!(!s.introductions.is_empty());
        for i in &s.introductions {
            assert!(!graph.und(i.node).contains(&(i.to as u32)));
            match i.kind.as_str() {
                "capacity" => assert!(i.their_score > i.own_score),
                "structural_hole" => {
                    let reached: Vec<usize> = std::iter::once(i.node)
                        .chain(graph.und(i.node).iter().map(|w| *w as usize))
                        .map(|v| rel.nodes[v].community)
                        .collect();
                    assert!(!reached.contains(&i.community));
                }
                k => panic!("unknown kind {k}"),
            }
        }
        for t in &s.new_ties {
            assert!(!graph.und(t.a).contains(&(t.b as u32)));
        }
    }
}

#[test]
fn combined_relation_counts_relations_per_tie() {
    let csv = "org_name,partners_funding,partners_knowledge\nA,B;C,B\nB,,A;C\nC,A;B,\n";
    let a = analyze_text("multi.csv", csv);
    let rels = &a.report.network.relations;
    assert_eq!(rels.len(), 3);
    let combined = &rels[2];
    assert!(combined.settings.combined);
    // A→B appears in both relations (weight 2); A→C, C→A, C→B, B→A and B→C once each.
    let a_node = combined.nodes.iter().find(|n| n.name == "A").unwrap();
    assert_eq!(a_node.out_degree, 2);
    assert_close(a_node.out_strength, 3.0, 1e-12);
    assert_eq!(combined.graph.edges, 6);
}

/// Average distance over ordered pairs of the component of node 0, by one search per node.
fn average_distance(g: &tongxing::network::graph::Graph) -> f64 {
    let n = g.node_count();
    let (mut sum, mut pairs) = (0usize, 0usize);
    for s in 0..n {
        let dist = crate::util::distances(n, s, |v| g.und(v));
        if dist[0] != usize::MAX {
            sum += dist.iter().filter(|d| **d != usize::MAX).sum::<usize>();
            pairs += dist.iter().filter(|d| **d != usize::MAX && **d > 0).count();
        }
    }
    sum as f64 / pairs as f64
}

#[test]
fn path_shortening_ties_are_scored_like_a_search_with_the_tie_added() {
    // A dense core of 120 with two tails of 20 and 15 (the periphery the suggestions reach
    // from), all one component of 155: every member is a source, so the averages are exact.
    let mut edges: Vec<(u32, u32)> = tongxing::network::generate::block_model(120, 700, 4, 9)
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect();
    edges.extend((120..140).map(|v| (if v == 120 { 5 } else { v - 1 }, v)));
    edges.extend((140..155).map(|v| (if v == 140 { 60 } else { v - 1 }, v)));
    edges.extend((0..119).map(|v| (v, v + 1)));
    let g = undirected(155, &edges);
    let nodes = nodes_of(&g);
    let members: Vec<usize> = (0..155).collect();
    let s = suggest(&g, &members, &nodes, &CapacityReport::default(), 1);
    assert!(!s.distances_sampled);
    let shorten: Vec<_> = s.new_ties.iter().filter(|t| t.reason == "shorten_paths").collect();
    assert_eq!(shorten.len(), 3);
    let before = average_distance(&g);
    for t in shorten {
        assert_close(t.average_distance_before.unwrap(), before, 1e-12);
        let mut with_tie = edges.clone();
        with_tie.push((t.a as u32, t.b as u32));
        let after = average_distance(&undirected(155, &with_tie));
        assert_close(t.average_distance_after.unwrap(), after, 1e-12);
        assert!(after < before - 0.1, "a tie between the tails' ends saves much: {after} vs {before}");
    }
}

#[test]
fn path_shortening_ties_must_save_at_least_two_percent() {
    use tongxing::joint::cultivate::MIN_SHORTENING;
    // A star with 4 leaves: ordered-pair distances sum to 2·4 + 4·3·2 = 32 over 20 pairs
    // (1.6); a tie between two leaves saves 2 (1.5, 6.25 % shorter): suggested.
    let small = undirected(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]);
    let s = suggest(&small, &(0..5).collect::<Vec<_>>(), &nodes_of(&small), &CapacityReport::default(), 1);
    let t = &s.new_ties[0];
    assert_eq!(t.reason, "shorten_paths");
    assert_close(t.average_distance_before.unwrap(), 32.0 / 20.0, 1e-12);
    assert_close(t.average_distance_after.unwrap(), 30.0 / 20.0, 1e-12);
    // A star with 20 leaves: 2·20 + 20·19·2 = 800 over 420 pairs; a tie between two leaves
    // saves 2 of 800 (0.25 %), under the 2 % asked for: nothing is suggested.
    let edges: Vec<(u32, u32)> = (1..21).map(|v| (0, v)).collect();
    let big = undirected(21, &edges);
    let s = suggest(&big, &(0..21).collect::<Vec<_>>(), &nodes_of(&big), &CapacityReport::default(), 1);
    assert!(s.new_ties.is_empty(), "{:?}", s.new_ties);
    const { assert!(2.0 / 800.0 < MIN_SHORTENING && 2.0 / 32.0 >= MIN_SHORTENING) };
    // The demo: every path-shortening tie saves at least 2 % of the average distance.
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    for rel in &a.report.network.relations {
        for t in rel.suggestions.as_ref().unwrap().new_ties.iter().filter(|t| t.reason == "shorten_paths") {
            let (before, after) = (t.average_distance_before.unwrap(), t.average_distance_after.unwrap());
            assert!(after <= before * (1.0 - MIN_SHORTENING) + 1e-12, "{} {before} → {after}", rel.key);
        }
    }
}

#[test]
fn an_organization_suggested_for_two_reasons_is_suggested_once() {
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let mut merged = 0;
    for (rel, graph) in a.relations() {
        let s = rel.suggestions.as_ref().unwrap();
        let mut pairs: Vec<(usize, usize)> = s.introductions.iter().map(|i| (i.node, i.to)).collect();
        let n = pairs.len();
        pairs.sort_unstable();
        pairs.dedup();
        assert_eq!(pairs.len(), n, "{}: a pair suggested twice", rel.key);
        for i in s.introductions.iter().filter(|i| i.also_structural_hole) {
            merged += 1;
            assert_eq!(i.kind, "capacity");
            // Across a structural hole too: in a community neither it nor its partners reach,
            // and the best-connected one of it (respondents first).
            let reached: Vec<usize> = std::iter::once(i.node)
                .chain(graph.und(i.node).iter().map(|w| *w as usize))
                .map(|v| rel.nodes[v].community)
                .collect();
            assert!(!reached.contains(&i.community));
            // The organization has no second, structural-hole suggestion.
            assert!(!s.introductions.iter().any(|j| j.node == i.node && j.kind == "structural_hole"));
        }
    }
    assert!(merged > 0, "the demo has organizations suggested for both reasons");
}

/// An introduction for the ranking test: `kind`, both reasons, scores, shared partners,
/// community size.
fn intro(
    node: usize,
    kind: &str,
    both: bool,
    scores: Option<(f64, f64)>,
    shared: usize,
    size: usize,
) -> Introduction {
    Introduction {
        node,
        id: format!("n{node}"),
        name: format!("Org {node}"),
        to: 99,
        to_id: "n99".into(),
        to_name: "Org 99".into(),
        kind: kind.into(),
        dimension: scores.map(|_| "fund".into()),
        own_score: scores.map(|s| s.0),
        their_score: scores.map(|s| s.1),
        shared_partners: shared,
        community: 0,
        community_size: size,
        also_structural_hole: both,
    }
}

#[test]
fn introductions_are_ranked_best_first() {
    use tongxing::joint::cultivate::rank_introductions;
    let mut v = vec![
        intro(0, "structural_hole", false, None, 0, 5),
        intro(1, "capacity", false, Some((2.0, 4.0)), 1, 3),
        intro(2, "capacity", false, Some((1.0, 5.0)), 1, 3),
        intro(3, "structural_hole", false, None, 0, 9),
        intro(4, "capacity", true, Some((3.0, 4.0)), 0, 3),
        intro(5, "capacity", false, Some((2.0, 4.0)), 3, 3),
        intro(6, "capacity", false, None, 9, 3),
        intro(7, "capacity", true, Some((1.0, 5.0)), 0, 3),
    ];
    rank_introductions(&mut v);
    let order: Vec<usize> = v.iter().map(|i| i.node).collect();
    // Both reasons (gap 4, then 1); capacity by gap (4; 2 with 3 shared partners, then 2
    // with 1; undefined last); structural holes by community size (9, then 5).
    assert_eq!(order, vec![7, 4, 2, 5, 1, 6, 3, 0]);
    // The demo's introductions come in that order.
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    for rel in &a.report.network.relations {
        let intros = &rel.suggestions.as_ref().unwrap().introductions;
        let mut ranked = intros.clone();
        rank_introductions(&mut ranked);
        assert_eq!(&ranked, intros);
        let first = &intros[0];
        assert!(first.kind == "capacity" && first.also_structural_hole, "{first:?}");
    }
}

#[test]
fn the_first_introductions_name_no_organization_more_than_twice() {
    use tongxing::joint::cultivate::{most_suggested, top_introductions};
    // Ranked: 0→9, 1→9, 2→9 (9 a third time: passed over), 0→8, 0→7 (0 a third time), 3→8.
    let pairs = [(0, 9), (1, 9), (2, 9), (0, 8), (0, 7), (3, 8)];
    let ranked: Vec<Introduction> = pairs
        .iter()
        .map(|&(node, to)| Introduction { to, ..intro(node, "structural_hole", false, None, 0, 3) })
        .collect();
    assert_eq!(top_introductions(&ranked, 10, 2), vec![0, 1, 3, 5]);
    assert_eq!(top_introductions(&ranked, 2, 2), vec![0, 1]);
    assert_eq!(top_introductions(&ranked, 10, 1), vec![0, 5]);
    // 9 is in three of six, 8 in two; each at least a tenth and more than two: 9 only.
    let most = most_suggested(&ranked, 10);
    assert_eq!(most.iter().map(|m| (m.node, m.count)).collect::<Vec<_>>(), vec![(9, 3)]);

    // The demo: half of the introductions go to three partners; the first ten reach more.
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    for rel in &a.report.network.relations {
        let s = rel.suggestions.as_ref().unwrap();
        assert_eq!(s.top.len(), 10, "{}", rel.key);
        assert!(s.top.windows(2).all(|w| w[0] < w[1]), "in rank order");
        assert_eq!(s.top[0], 0, "the best ranked first");
        let mut named: std::collections::BTreeMap<usize, usize> = Default::default();
        for &k in &s.top {
            let i = &s.introductions[k];
            *named.entry(i.node).or_default() += 1;
            *named.entry(i.to).or_default() += 1;
        }
        assert!(named.values().all(|n| *n <= 2), "{}: {named:?}", rel.key);
        // Counted here: partners by introductions, most first.
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        for i in &s.introductions {
            *counts.entry(i.to).or_default() += 1;
        }
        let mut by_count: Vec<(usize, usize)> = counts.into_iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let least = (s.introductions.len() as f64 / 10.0).ceil() as usize;
        let want: Vec<(usize, usize)> =
            by_count.into_iter().filter(|p| p.1 >= least.max(3)).take(3).collect();
        let got: Vec<(usize, usize)> = s.most_suggested.iter().map(|m| (m.node, m.count)).collect();
        assert_eq!(got, want, "{}", rel.key);
    }
    let combined = a.report.network.relations.iter().find(|r| r.key == "combined").unwrap();
    let s = combined.suggestions.as_ref().unwrap();
    let sum: usize = s.most_suggested.iter().map(|m| m.count).sum();
    assert_eq!(s.most_suggested.len(), 3);
    assert!(sum * 2 >= s.introductions.len() * 9 / 10, "{sum} of {}", s.introductions.len());
    let said = tongxing::export::text::concentration(s, combined, tongxing::i18n::Lang::Zh).unwrap();
    let first = &combined.nodes[s.most_suggested[0].node].name;
    assert!(
        said.starts_with(&format!("建议集中在少数机构：{first}（{} 条）、", s.most_suggested[0].count)),
        "{said}"
    );
    assert!(
        said.ends_with(&format!(
            "共占全部 {} 条引荐的 {:.1}%。",
            s.introductions.len(),
            100.0 * sum as f64 / s.introductions.len() as f64
        )),
        "{said}"
    );
}

#[test]
fn the_full_list_spread_suggests_each_partner_at_most_three_times() {
    use tongxing::joint::cultivate::{SPREAD_PER_PARTNER, spread_introductions};
    // Ranked: 0→9, 1→9, 2→9, 3→9, 4→8, 5→9; the first shown above already.
    let pairs = [(0, 9), (1, 9), (2, 9), (3, 9), (4, 8), (5, 9)];
    let ranked: Vec<Introduction> = pairs
        .iter()
        .map(|&(node, to)| Introduction { to, ..intro(node, "structural_hole", false, None, 0, 3) })
        .collect();
    assert_eq!(spread_introductions(&ranked, &[0], 3), vec![1, 2, 3, 4]);
    assert_eq!(spread_introductions(&ranked, &[], 2), vec![0, 1, 4]);
    assert_eq!(spread_introductions(&ranked, &[], 1), vec![0, 4]);
    // The demo: the full list after the first ten suggests no partner more than three times,
    // keeps every partner, and leaves the others in rank order.
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let combined = a.report.network.relations.iter().find(|r| r.key == "combined").unwrap();
    let s = combined.suggestions.as_ref().unwrap();
    let spread = spread_introductions(&s.introductions, &s.top, SPREAD_PER_PARTNER);
    assert!(spread.windows(2).all(|w| w[0] < w[1]) && spread.iter().all(|k| !s.top.contains(k)));
    let mut per: std::collections::BTreeMap<usize, usize> = Default::default();
    for &k in &spread {
        *per.entry(s.introductions[k].to).or_default() += 1;
    }
    assert!(per.values().all(|n| *n <= SPREAD_PER_PARTNER), "{per:?}");
    let partners: std::collections::BTreeSet<usize> =
        (0..s.introductions.len()).filter(|k| !s.top.contains(k)).map(|k| s.introductions[k].to).collect();
    assert_eq!(per.keys().copied().collect::<std::collections::BTreeSet<_>>(), partners);
    // The three most suggested partners held half of the list; spread, far less.
    let top3: usize = s.most_suggested.iter().map(|m| per.get(&m.node).copied().unwrap_or(0)).sum();
    assert!(top3 <= 3 * SPREAD_PER_PARTNER && spread.len() < s.introductions.len() - s.top.len());
}

#[test]
fn the_names_to_pick_from_are_sorted_once_each_and_only_when_few() {
    use tongxing::joint::cultivate::names_to_pick;
    let named = |a: &str, b: &str| Introduction {
        name: a.into(),
        to_name: b.into(),
        ..intro(0, "capacity", false, None, 0, 1)
    };
    let few = [named("乙", "甲"), named("甲", "丙"), named("乙", "丙")];
    let mut want = vec!["丙", "乙", "甲"];
    want.sort_unstable();
    assert_eq!(names_to_pick(&few, 3), Some(want));
    assert_eq!(names_to_pick(&few, 2), None);
    let many: Vec<Introduction> = (0..10).map(|k| named(&format!("org {k}"), "hub")).collect();
    assert_eq!(names_to_pick(&many, 10), None, "11 names");
    assert_eq!(names_to_pick(&many, 11).map(|n| n.len()), Some(11));
    assert_eq!(names_to_pick(&[], 5), Some(Vec::new()));
}

#[test]
fn a_strong_bridge_is_listed_beside_cut_vertices_that_each_hold_one_leaf() {
    use tongxing::joint::cultivate::{KEY_BRIDGES, KEY_CUTTING};
    // Four 4-cliques (0–3, 4–7, 8–11, 12–15) in a chain through 1–5–9–13, and 16 tied to
    // the first member of each: a shortcut, not a cut vertex, whose partners share no tie.
    // Six leaves (17–22) hang from the cliques' third and fourth members: six cut vertices
    // that each cut off one organization. networkx ranks betweenness 5, 9, 16 (0.277), …
    let mut edges = Vec::new();
    for g in 0..4u32 {
        let m: Vec<u32> = (0..4).map(|j| g * 4 + j).collect();
        for (i, a) in m.iter().enumerate() {
            edges.extend(m[i + 1..].iter().map(|b| (*a, *b)));
        }
        edges.push((16, m[0]));
        if g < 3 {
            edges.push((m[1], m[1] + 4));
        }
    }
    edges.extend([(2, 17), (3, 18), (6, 19), (7, 20), (10, 21), (11, 22)]);
    let g = undirected(23, &edges);
    let rel = relation_of(&g);
    let s = rel.suggestions.as_ref().unwrap();
    let listed: Vec<(usize, usize)> = s.critical_brokers.iter().map(|b| (b.node, b.cut_off)).collect();
    // The cut vertices first (five of six), then 16 for its bridging alone: one ranking by
    // organizations cut off had left it out.
    assert_eq!(listed.len(), KEY_CUTTING + 1, "{listed:?}");
    assert!(
        listed[..KEY_CUTTING].iter().all(|(v, cut)| *cut == 1 && [2, 3, 6, 7, 10, 11].contains(v)),
        "{listed:?}"
    );
    assert_eq!(listed[KEY_CUTTING], (16, 0));
    const { assert!(KEY_BRIDGES >= 1) };
    assert_eq!(s.cutting_brokers().count(), KEY_CUTTING);
    // All six counted (the overview's number), five listed.
    assert_eq!(s.cutting_brokers_found, 6);
    let b = &s.critical_brokers[KEY_CUTTING];
    assert!((b.efficiency.unwrap() - 1.0).abs() < 1e-12, "{b:?}");
    assert!((b.betweenness.unwrap() - 0.277_056_277_056_277_06).abs() < 1e-12, "{b:?}");
}
