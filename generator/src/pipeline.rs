//! The whole pipeline on spec text, as the caller's [`Settings`] ask: load, keep the chosen tags'
//! operations, lower (with the settings' client options over the spec's), emit.

use crate::diagnostics::Diagnostics;
use crate::emit::GeneratedFile;
use crate::ir::Api;
use crate::settings::Settings;
use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

/// A generated crate, with what a summary of the run reports.
#[derive(Debug, Clone)]
pub struct Generation {
    pub files: Vec<GeneratedFile>,
    pub warnings: Diagnostics,
    pub operations: OperationCounts,
}

/// What became of the spec's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationCounts {
    /// Operations the spec declares.
    pub in_spec: usize,
    /// Left out because they have none of the tags asked for.
    pub not_selected: usize,
    pub generated: usize,
}

impl OperationCounts {
    /// Selected, yet not generated (each with a warning saying why).
    pub fn left_out(&self) -> usize {
        self.in_spec - self.not_selected - self.generated
    }
}

/// Runs every stage, calling `lap` with each stage's name as it ends (for timings).
pub fn generate_timed(
    file: &str,
    text: &str,
    settings: &Settings,
    lap: &mut dyn FnMut(&'static str),
) -> Result<Generation, Diagnostics> {
    let (api, warnings, operations) = lower_timed(file, text, settings, lap)?;
    let files = crate::emit(&api, settings);
    lap("emit + format");
    Ok(Generation { files, warnings, operations })
}

/// The IR that [`generate_timed`] emits from: the spec with the settings' client overrides
/// merged in, lowered, and cut to the chosen tags' operations and the types they use. For tools
/// that check a generated crate against its spec (each type's [`origin`](crate::ir::TypeDef)).
pub fn lower_selected(
    file: &str,
    text: &str,
    settings: &Settings,
) -> Result<(Api, Diagnostics), Diagnostics> {
    lower_timed(file, text, settings, &mut |_| {}).map(|(api, warnings, _)| (api, warnings))
}

fn lower_timed(
    file: &str,
    text: &str,
    settings: &Settings,
    lap: &mut dyn FnMut(&'static str),
) -> Result<(Api, Diagnostics, OperationCounts), Diagnostics> {
    let mut spec = crate::load(file, text)?;
    let in_spec = count_operations(&spec.openapi);
    if !settings.tags.is_empty() {
        keep_tagged_operations(&mut spec.openapi, &settings.tags);
    }
    let not_selected = in_spec - count_operations(&spec.openapi);
    lap("load");
    let (mut api, mut warnings) =
        crate::lower::lower_with(&spec, settings.client.as_ref(), &settings.renames)?;
    if !settings.tags.is_empty() {
        api.retain_types_operations_use();
    }
    warnings.items.splice(0..0, spec.warnings);
    lap("lower");
    let operations = OperationCounts { in_spec, not_selected, generated: api.operations.len() };
    Ok((api, warnings, operations))
}

fn operations_mut(item: &mut PathItem) -> [&mut Option<Operation>; 8] {
    let PathItem { get, put, post, delete, options, head, patch, trace, .. } = item;
    [get, put, post, delete, options, head, patch, trace]
}

fn count_operations(openapi: &OpenAPI) -> usize {
    openapi.paths.paths.values().filter_map(ReferenceOr::as_item).map(|item| item.iter().count()).sum()
}

/// Removes every operation with none of `tags`.
fn keep_tagged_operations(openapi: &mut OpenAPI, tags: &[String]) {
    for item in openapi.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for slot in operations_mut(item) {
            if slot.as_ref().is_some_and(|op| !op.tags.iter().any(|tag| tags.contains(tag))) {
                *slot = None;
            }
        }
    }
}
