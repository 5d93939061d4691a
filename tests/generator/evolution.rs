//! Spec evolution does not break user code written the way the README recommends: one
//! program (`tests/fixtures/evolution/caller.rs`) builds against the client of v1 and of v2,
//! which adds optional properties, enum values, a union variant, an operation and an optional
//! parameter.

use crate::support::{assert_crate_builds_warning_free_with, fixture, scratch_dir};

/// v2 of the spec: v1 with what an ordinary, non-breaking release adds.
fn v2(v1: &str) -> String {
    let edits = [
        (
            "Status: {type: string, enum: [available, sold]}",
            "Status: {type: string, enum: [available, sold, pending]}",
        ),
        (
            "        tag: {type: string}\n",
            "        tag: {type: string}\n        notes: {type: string}\n        weight: {type: number}\n",
        ),
        (
            "        owner: {$ref: '#/components/schemas/Owner'}\n",
            "        owner: {$ref: '#/components/schemas/Owner'}\n        born: {type: string, format: date}\n",
        ),
        (
            "        - {$ref: '#/components/schemas/Shelter'}\n",
            "        - {$ref: '#/components/schemas/Shelter'}\n        - {$ref: '#/components/schemas/Rescue'}\n",
        ),
        (
            "    Shelter:\n",
            "    Rescue:\n      type: object\n      required: [kind, id]\n      properties: {kind: {type: string, enum: [rescue]}, id: {type: string}}\n    Shelter:\n",
        ),
        (
            "        - {name: status, in: query, schema: {$ref: '#/components/schemas/Status'}}\n",
            "        - {name: status, in: query, schema: {$ref: '#/components/schemas/Status'}}\n        - {name: limit, in: query, schema: {type: integer}}\n",
        ),
        (
            "components:\n",
            "  /pets/{id}:\n    get:\n      operationId: getPet\n      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n      responses:\n        '200':\n          description: The pet.\n          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}\ncomponents:\n",
        ),
    ];
    let mut v2 = v1.to_owned();
    for (from, to) in edits {
        assert!(v2.contains(from), "v1 has `{from}`");
        v2 = v2.replacen(from, to, 1);
    }
    v2
}

#[test]
fn a_program_written_against_v1_builds_against_v2() {
    let v1 = fixture("evolution/v1.yaml");
    for (version, spec) in [("v1", v1.clone()), ("v2", v2(&v1))] {
        let settings = generator::Settings {
            crate_name: Some("evolution".to_owned()),
            examples: false,
            ..generator::Settings::default()
        };
        let (files, _) =
            generator::generate("evolution.yaml", &spec, &settings).unwrap_or_else(|d| panic!("{d}"));
        let types = &files.iter().find(|f| f.path == "src/types.rs").unwrap().contents;
        assert_eq!(types.contains("Pending"), version == "v2", "{version}: the enum value");
        assert_eq!(types.contains("Rescue(Rescue)"), version == "v2", "{version}: the union variant");
        let dir = scratch_dir(&format!("evolution-program-{version}"));
        for file in &files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
        std::fs::create_dir_all(dir.join("examples")).unwrap();
        std::fs::write(dir.join("examples/caller.rs"), fixture("evolution/caller.rs")).unwrap();
        assert_crate_builds_warning_free_with(&dir, &["--examples"]);
    }
}
