//! Optional and nullable fields, `Option<Option<T>>`: absent (`None`), `null` (`Some(None)`) or
//! a value (`Some(Some(v))`), so a caller can tell "absent" from "null" and send an explicit
//! `null`; [`Nullable`] reads one as a single `Option`. (How they are read and written:
//! `super::object`.)

/// An optional and nullable field (`Option<Option<T>>`: absent, `null`, or a value) read as one
/// `Option`: `run.state.value() == Some(&StateType::Running)`. The field itself keeps the three
/// apart, so what was read is written back the same.
pub trait Nullable<T> {
    /// The value, when the field holds one (neither absent nor `null`).
    fn value(&self) -> Option<&T>;

    /// Whether the field is an explicit `null`.
    fn is_null(&self) -> bool;
}

impl<T> Nullable<T> for Option<Option<T>> {
    fn value(&self) -> Option<&T> {
        self.as_ref().and_then(Option::as_ref)
    }

    fn is_null(&self) -> bool {
        matches!(self, Some(None))
    }
}
