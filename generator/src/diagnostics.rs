//! Diagnostics: located, collected errors and warnings about a spec.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A construct was skipped; generation continues.
    Warning,
    /// The spec is unusable here; generation stops after the stage.
    Error,
}

/// What a warning did to the generated crate: the summary of a run counts warnings by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// An operation is not generated.
    OperationLeftOut,
    /// A parameter is not generated; its operation is.
    ParameterLeftOut,
    /// An authentication option is not generated.
    AuthLeftOut,
    /// A keyword with no effect on the generated code.
    Ignored,
    /// A value is typed more loosely than the spec says.
    Loosened,
    /// The document breaks a rule of OpenAPI or JSON Schema whose intent is still clear (a
    /// dangling `$ref`, an invalid pattern, a repeated `operationId`, an undeclared path
    /// parameter, a style its location does not allow), and is read as meaning that. Shown by
    /// default: the document is at fault, and its author may want to know.
    Repaired,
}

impl WarningKind {
    /// A few words for the summary line.
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::OperationLeftOut => "operation left out",
            WarningKind::ParameterLeftOut => "parameter left out",
            WarningKind::AuthLeftOut => "auth option left out",
            WarningKind::Ignored => "keyword ignored",
            WarningKind::Loosened => "loosely typed",
            WarningKind::Repaired => "spec defect repaired",
        }
    }

    /// Whether a run shows warnings of this kind without being asked to (`--verbose` shows all).
    pub fn shown_by_default(self) -> bool {
        self == WarningKind::Repaired
    }
}

/// One problem found in a spec, located by JSON pointer (and line/column when the parser gives one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// For a warning, what it did to the output.
    pub kind: Option<WarningKind>,
    /// The spec file as the user named it.
    pub file: String,
    /// JSON pointer of the offending node, e.g. `/components/schemas/Organization`.
    pub pointer: String,
    /// 1-based line and column, where known.
    pub line_col: Option<(usize, usize)>,
    /// What rule the node broke.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}", self.file)?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, ": at {pointer}: {}", self.message)
    }
}

/// All diagnostics of a run, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// How many warnings of each kind, by kind.
    pub fn warnings_by_kind(&self) -> std::collections::BTreeMap<WarningKind, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for kind in self.warnings().filter_map(|d| d.kind) {
            *counts.entry(kind).or_insert(0) += 1;
        }
        counts
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one spec file while a stage runs. A diagnostic said again (same
/// severity, place and message: a schema reached along several paths) is kept once.
#[derive(Debug)]
pub struct Sink {
    file: String,
    found: Diagnostics,
    seen: std::collections::HashSet<(Severity, String, String)>,
}

impl Sink {
    pub fn new(file: impl Into<String>) -> Self {
        Sink { file: file.into(), found: Diagnostics::default(), seen: Default::default() }
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, None, pointer, message.into());
    }

    pub fn warning(&mut self, kind: WarningKind, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, Some(kind), pointer, message.into());
    }

    fn push(&mut self, severity: Severity, kind: Option<WarningKind>, pointer: &str, message: String) {
        if !self.seen.insert((severity, pointer.to_owned(), message.clone())) {
            return;
        }
        self.found.items.push(Diagnostic {
            severity,
            kind,
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            line_col: None,
            message,
        });
    }

    /// Ends the stage: `Err` with everything found when any error was found.
    pub fn finish<T>(self, value: T) -> Result<(T, Diagnostics), Diagnostics> {
        if self.found.has_errors() { Err(self.found) } else { Ok((value, self.found)) }
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends one segment to a JSON pointer.
pub fn pointer_join(base: &str, segment: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + segment.len() + 1);
    pointer.push_str(base);
    push_pointer_segment(&mut pointer, segment);
    pointer
}

/// Appends one segment to a JSON pointer in place: walks of a whole document extend one buffer
/// and truncate it on the way back, instead of allocating a pointer per node.
pub fn push_pointer_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if segment.contains(['~', '/']) {
        pointer.push_str(&escape_pointer_segment(segment));
    } else {
        pointer.push_str(segment);
    }
}
