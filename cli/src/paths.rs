//! Paths as the user wrote them, made absolute and normalised, and what they tell about the
//! output directory: its project, and whether a workspace already lists it as a member.

use std::path::{Component, Path, PathBuf};

/// `path` against the current directory, with `.` and `..` resolved lexically (the path need not
/// exist yet), so `out`, `./out` and `/abs/out` compare equal.
pub fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    Ok(normalize(&std::path::absolute(path)?))
}

fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// The project `dir` belongs to: the nearest directory above it holding `.git` or a workspace
/// manifest. Spec paths in headers are shown relative to it, the same from any directory.
pub fn project_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .skip(1)
        .find(|a| a.join(".git").exists() || workspace_manifest(a).is_some())
        .map(Path::to_path_buf)
}

/// `path` relative to `base` when inside it, else its file name; with `/` separators.
pub fn shown(path: &Path, base: Option<&Path>) -> String {
    let relative = base.and_then(|base| path.strip_prefix(base).ok());
    let shown = relative.or_else(|| path.file_name().map(Path::new)).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Whether the nearest workspace above `dir` lists it as a member (by path or glob, and not
/// excluded). Such a crate must not declare a `[workspace]` of its own; any other must, to build.
pub fn is_workspace_member(dir: &Path) -> bool {
    let Some((root, workspace)) = dir.ancestors().skip(1).find_map(|a| Some((a, workspace_manifest(a)?)))
    else {
        return false;
    };
    let listed = |key: &str| {
        let patterns = workspace.get(key).and_then(toml::Value::as_array).cloned().unwrap_or_default();
        patterns.iter().filter_map(toml::Value::as_str).any(|pattern| {
            let full = normalize(&root.join(pattern));
            // As cargo reads them: `*` stays within one path segment.
            let options = glob::MatchOptions { require_literal_separator: true, ..Default::default() };
            full == dir
                || glob::Pattern::new(&full.to_string_lossy())
                    .is_ok_and(|p| p.matches_path_with(dir, options))
        })
    };
    listed("members") && !listed("exclude")
}

/// The `[workspace]` table of `dir/Cargo.toml`, if it has one.
fn workspace_manifest(dir: &Path) -> Option<toml::Table> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut manifest: toml::Table = toml::from_str(&text).ok()?;
    match manifest.remove("workspace")? {
        toml::Value::Table(workspace) => Some(workspace),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_resolve_without_touching_the_disk() {
        for (input, expected) in [
            ("/a/b/../c", "/a/c"),
            ("/a/./b/", "/a/b"),
            ("/a/b/../../..", "/"),
            ("/x/generated", "/x/generated"),
        ] {
            assert_eq!(normalize(Path::new(input)), PathBuf::from(expected), "{input}");
        }
    }

    #[test]
    fn shown_is_relative_inside_the_base_and_the_file_name_outside() {
        let base = Path::new("/project");
        assert_eq!(shown(Path::new("/project/spec/api.yaml"), Some(base)), "spec/api.yaml");
        assert_eq!(shown(Path::new("/elsewhere/api.yaml"), Some(base)), "api.yaml");
        assert_eq!(shown(Path::new("/elsewhere/api.yaml"), None), "api.yaml");
    }

    #[test]
    fn members_are_found_by_path_and_glob_and_exclusions_win() {
        let root = tempfile::tempdir().unwrap();
        let manifest = "[workspace]\nmembers = [\"client\", \"crates/*\"]\nexclude = [\"crates/skip\"]\n";
        std::fs::write(root.path().join("Cargo.toml"), manifest).unwrap();
        let dir = |p: &str| root.path().join(p);
        assert!(is_workspace_member(&dir("client")));
        assert!(is_workspace_member(&dir("crates/api")));
        assert!(!is_workspace_member(&dir("crates/skip")));
        assert!(!is_workspace_member(&dir("other")));
        assert!(!is_workspace_member(&dir("crates/api/nested")));
        assert_eq!(project_root(&dir("client")).as_deref(), Some(root.path()));
    }
}
