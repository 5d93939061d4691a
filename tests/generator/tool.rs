//! The generator as a tool on a spec it does not own: a config file beside a public spec, tag
//! filters and layouts, and the crate that results builds warning-free on its own.

use crate::support::{assert_crate_builds_warning_free, fixture, root, scratch_dir};
use generator::output::Mode;
use openapi_rust_gen::{Args, Invocation, run};
use std::path::Path;

const INVOCATION: Invocation<'static> =
    Invocation { program: "openapi-rust-gen generate", default_spec: None, default_out: None };

fn generate(args: Args) -> String {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    if let Err(report) = run(&args, Mode::Write, &INVOCATION, &mut out, &mut err) {
        panic!("{report}{}", String::from_utf8_lossy(&err));
    }
    String::from_utf8(out).unwrap()
}

fn args(spec: &Path, out: &Path) -> Args {
    Args { spec: Some(spec.to_owned()), out: Some(out.to_owned()), ..Args::default() }
}

#[test]
fn a_public_spec_with_a_config_beside_it_builds_unedited() {
    let dir = scratch_dir("tool-public-spec");
    let spec = dir.join("uspto.yaml");
    std::fs::copy(root().join("tests/fixtures/public/uspto.yaml"), &spec).unwrap();
    let config = "[package]\nname = \"uspto\"\nversion = \"1.0.0\"\n\n[client]\nuser-agent = \"uspto-rust\"\n\
                  env = { base-url = \"USPTO_BASE_URL\" }\n";
    std::fs::write(dir.join("openapi-rust-gen.toml"), config).unwrap();
    let summary = generate(args(&spec, &dir.join("client")));
    assert!(summary.contains("generated 3 of 3 operations (0 left out)"), "{summary}");
    assert_eq!(
        std::fs::read_to_string(&spec).unwrap(),
        fixture("public/uspto.yaml"),
        "the spec is not edited"
    );
    assert_crate_builds_warning_free(&dir.join("client"));
}

#[test]
fn a_tag_filter_keeps_its_operations_and_only_the_types_they_use() {
    let dir = scratch_dir("tool-tags");
    let spec = root().join("tests/fixtures/specs/groups.yaml");
    let summary = generate(Args { tags: vec!["Orders".into()], ..args(&spec, &dir) });
    assert!(summary.contains("generated 2 of 6 operations (0 left out, 4 not selected by tag)"), "{summary}");
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
    let operations = read("src/operations.rs");
    assert!(operations.contains("pub struct PlaceOrder") && operations.contains("pub struct GetReceipt"));
    assert!(!operations.contains("pub struct GetPet") && !operations.contains("pub struct Health"));
    let types = read("src/types.rs");
    assert!(types.contains("pub struct Order ") && !types.contains("pub struct Pet "), "{types}");
    assert!(!read("Cargo.toml").contains("full"), "one tag left: a flat crate");
    assert_crate_builds_warning_free(&dir);
}

#[test]
fn the_flat_layout_puts_a_many_tag_spec_in_one_module_per_concern() {
    let dir = scratch_dir("tool-flat");
    let spec = root().join("tests/fixtures/specs/groups.yaml");
    generate(Args { layout: Some(generator::LayoutChoice::Flat), no_examples: true, ..args(&spec, &dir) });
    assert!(!dir.join("src/types").exists() && dir.join("src/types.rs").exists());
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("full =") && !manifest.contains("[[example]]"), "{manifest}");
    assert!(!dir.join("examples").exists());
    assert_crate_builds_warning_free(&dir);
}

#[test]
fn the_corpus_runner_tabulates_each_document_of_its_manifest() {
    let dir = scratch_dir("corpus-runner");
    let manifest = dir.join("MANIFEST.tsv");
    std::fs::write(
        &manifest,
        "name\tfile\topenapi_version\nuspto\tuspto.yaml\t3.0.1\npetstore\tpetstore-expanded.yaml\t3.0.0\n",
    )
    .unwrap();
    let args = xtask::corpus::CorpusArgs {
        manifest,
        docs: root().join("tests/fixtures/public"),
        build: false,
        max_build_kb: 600,
        out: dir.join("out"),
        only: None,
        in_process: true,
    };
    let table = xtask::corpus::corpus_table(&args).unwrap();
    // Times vary: each row's generation cell is `<seconds> s`.
    let rows: Vec<String> = table
        .lines()
        .skip(2)
        .map(|row| {
            let mut cells: Vec<&str> = row.split(" | ").collect();
            if cells.len() > 5 && cells[5].ends_with(" s") {
                cells[5] = "T";
            }
            cells.join(" | ")
        })
        .collect();
    assert_eq!(rows[0], "| uspto | 7 KB | 3.0.1 | 3 | 3 | T | none | – | generated |", "{table}");
    assert_eq!(rows[1], "| petstore | 5 KB | 3.0.0 | 4 | 4 | T | none | – | generated |", "{table}");
    assert_eq!(rows[2], "| **2 documents** | | | **7** | **7** (100.00 %) | | | | |", "{table}");
    for name in ["uspto", "petstore"] {
        assert!(dir.join("out").join(name).join("src/lib.rs").exists(), "{name} is written");
    }
}
