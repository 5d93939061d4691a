//! A config file's `[rename]` table, applied to the IR after lowering: any operation (by its
//! function name) or type (by its name) takes the name the caller gives it, and every use of a
//! type follows. A name that is taken is an error; a name the spec does not have, a warning.

use crate::diagnostics::{Sink, WarningKind, pointer_join};
use crate::ir::{Api, TypeRef};
use crate::settings::Renames;

pub(super) fn apply(api: &mut Api, renames: &Renames, sink: &mut Sink) {
    for (old, new) in &renames.types {
        let at = pointer_join("/rename/types", old);
        if !valid(new) || api.types.contains_key(new) {
            sink.error(
                &at,
                format!("`[rename]`: `{old}` cannot be named `{new}`: it is taken or not an identifier"),
            );
            continue;
        }
        let Some(mut def) = api.types.remove(old) else {
            sink.warning(
                WarningKind::Ignored,
                &at,
                format!("`[rename]` names type `{old}`, which this spec does not have"),
            );
            continue;
        };
        def.name.clone_from(new);
        api.types.insert(new.clone(), def);
        api.for_each_schema_mut(&mut |schema| {
            if matches!(&schema.ty, TypeRef::Named(name) if name == old) {
                schema.ty = TypeRef::Named(new.clone());
            }
        });
    }
    for (old, new) in &renames.operations {
        let at = pointer_join("/rename/operations", old);
        let type_name = crate::naming::type_name(new);
        let taken = api.operations.iter().any(|op| op.rust_name == *new || op.type_name == type_name)
            || api.types.contains_key(&type_name);
        if !valid(new) || taken {
            sink.error(
                &at,
                format!("`[rename]`: `{old}` cannot be named `{new}`: it is taken or not an identifier"),
            );
            continue;
        }
        match api.operations.iter_mut().find(|op| op.rust_name == *old) {
            Some(op) => (op.rust_name, op.type_name) = (new.clone(), type_name),
            None => sink.warning(
                WarningKind::Ignored,
                &at,
                format!("`[rename]` names operation `{old}`, which this spec does not have"),
            ),
        }
    }
}

/// Whether `name` is a plain Rust identifier.
fn valid(name: &str) -> bool {
    syn::parse_str::<proc_macro2::Ident>(name).is_ok()
}
