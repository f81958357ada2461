//! The variables a model can name, one value per responding organization (in the survey's
//! order): dimension scores by key, the capacity index (`index`), numeric and categorical
//! columns by header, scale items by column, and network positions `METRIC@RELATION`.

use crate::network::node_metric::NodeMetric;
use crate::report::{CapacityReport, NodeMetrics, RelationReport};
use crate::survey::Survey;
use crate::survey::codebook::Role;

/// One variable's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// A number per organization (`None`: missing).
    Numeric(Vec<Option<f64>>),
    /// A category per organization (`None`: missing).
    Categorical(Vec<Option<String>>),
}

/// Why a variable could not be found (the model's `unknown_variable` note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariable(pub String);

/// Everything a model formula can refer to.
pub struct Variables<'a> {
    survey: &'a Survey,
    capacity: &'a CapacityReport,
    relations: &'a [RelationReport],
}

impl<'a> Variables<'a> {
    /// The variables of one analysis.
    pub fn new(survey: &'a Survey, capacity: &'a CapacityReport, relations: &'a [RelationReport]) -> Self {
        Variables { survey, capacity, relations }
    }

    /// Organizations (rows of every variable).
    pub fn len(&self) -> usize {
        self.survey.orgs.len()
    }

    /// True without organizations.
    pub fn is_empty(&self) -> bool {
        self.survey.orgs.is_empty()
    }

    /// Dimension keys with their English and Chinese labels (for the page's model builder).
    pub fn dimension_keys(&self) -> Vec<String> {
        self.capacity.dimensions.iter().map(|d| d.key.clone()).collect()
    }

    /// The values of `name`.
    ///
    /// # Errors
    /// [`UnknownVariable`] when no dimension, column or `METRIC@RELATION` has that name.
    pub fn get(&self, name: &str) -> Result<Values, UnknownVariable> {
        let orgs = &self.capacity.organizations;
        if name == "index" {
            return Ok(Values::Numeric(orgs.iter().map(|o| o.index).collect()));
        }
        if self.capacity.dimensions.iter().any(|d| d.key == name) {
            return Ok(Values::Numeric(orgs.iter().map(|o| o.scores.get(name).copied().flatten()).collect()));
        }
        if let Some((metric, relation)) = name.split_once('@') {
            return self
                .network(metric.trim(), relation.trim())
                .ok_or_else(|| UnknownVariable(name.to_string()));
        }
        let col = self
            .survey
            .table
            .headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| UnknownVariable(name.to_string()))?;
        match self.survey.codebook.columns[col].role {
            Role::Numeric | Role::Item => Ok(Values::Numeric(self.survey.numeric_values(col))),
            Role::Attribute => Ok(Values::Categorical(self.survey.attribute_values(col))),
            _ => Err(UnknownVariable(name.to_string())),
        }
    }

    /// A node metric of one relation for each responding organization (matched by id).
    fn network(&self, metric: &str, relation: &str) -> Option<Values> {
        let metric = NodeMetric::from_key(metric).ok()?;
        let rel = self.relations.iter().find(|r| r.key == relation)?;
        let by_id: std::collections::HashMap<&str, &NodeMetrics> =
            rel.nodes.iter().filter(|n| n.respondent).map(|n| (n.id.as_str(), n)).collect();
        Some(Values::Numeric(
            self.survey.orgs.iter().map(|o| by_id.get(o.id.as_str()).and_then(|n| metric.get(n))).collect(),
        ))
    }
}
