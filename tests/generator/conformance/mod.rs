//! Schema-valid data always round-trips (see `check`), held for every named type of every
//! fixture spec and of the project spec: each test lists the crate's types, and the list must be
//! exactly the types the generator made.

#[macro_use]
mod check;
mod sampler;

use crate::support::root;
use std::collections::BTreeSet;

/// Random samples tried per type and direction (the valid ones are checked).
const CASES: u32 = 48;

/// Types whose valid values the sampler cannot make: `Patterns` holds lookarounds,
/// backreferences and `\b`, which proptest's regex strategy does not generate (`patterns.rs`
/// checks those patterns against `jsonschema` instead). Their examples are still checked.
const CANNOT_SAMPLE: &[&str] = &["Patterns"];

#[test]
fn the_project_spec() {
    use cloudflare_zero_trust_organization as project;
    conforms(
        "spec/zero-trust-organization.yaml",
        codecs!(project: AccountsOrZones, AllowedAuthenticator, CustomPages, LoginDesign, MfaConfig, Organization,
            OrganizationUpdate),
    );
}

#[test]
fn the_bodies_fixture() {
    conforms(
        "tests/fixtures/specs/bodies.yaml",
        codecs!(bodies_fixture: Charge, ChargeForm, ChargeFormItemsItem, ChargeFormOptions, ChargeFormShipping,
            ChargeFormShippingAddress, Filter, Stored, Upload, UploadKind, UploadMeta, UploadPurpose),
    );
}

#[test]
fn the_constraints_fixture() {
    conforms(
        "tests/fixtures/specs/constraints.yaml",
        codecs!(constraints_fixture: Base, Item, ItemContacts, ItemNested, Level),
    );
}

#[test]
fn the_envelopes_fixture() {
    conforms(
        "tests/fixtures/specs/envelopes.yaml",
        codecs!(envelopes_fixture: DeleteThingResult, GetStatusResult, GetStatusResultObject, Thing),
    );
}

#[test]
fn the_groups_fixture() {
    conforms(
        "tests/fixtures/specs/groups.yaml",
        codecs!(grouped_store_fixture: Archive, Dimensions, HealthResponse, Marker, Order, OrderDimensions, OrderLine,
            OrderLineUnit, Pet, PetDimensions, PetStatus, Sort, Tag),
    );
}

#[test]
fn the_listing_fixture() {
    conforms(
        "tests/fixtures/specs/listing.yaml",
        codecs!(listing_fixture: Event, ListEventsResult, BrowseThingsOrder, ResultInfo, ResultInfoCursors, Thing),
    );
}

#[test]
fn the_openapi31_fixture() {
    conforms(
        "tests/fixtures/specs/openapi31.yaml",
        codecs!(open_api_31_fixture: Disk, DiskFilesystem, Item, ItemCreatedWebhook, ItemKind, ItemSize, Owner,
            Patterns, Tag),
    );
}

#[test]
fn the_petstore_fixture() {
    conforms(
        "tests/fixtures/specs/petstore.yaml",
        codecs!(pet_store_fixture: ClientType, Kind, NewPet, NewPetCollar, NewPetCollarColor, OperationType,
            Pet, ResultType, SubmitFormBody, UpdatePetBody),
    );
}

/// Recursive schemas: hierarchies, node trees, a type system, expressions and JSON values, each
/// sampled several levels deep.
#[test]
fn the_recursive_fixture() {
    conforms(
        "tests/fixtures/specs/recursive.yaml",
        codecs!(recursive_fixture: Actor, AndExpression, BotActor, BotActorType, Car, Catalog, CatalogType,
            Comment, CommentType, Comparison, ComponentNode, ComponentNodeType, Expression, ExternalCatalog,
            FrameNode, FrameNodeType, FrameTraits, GeographicAddress, HasChildrenTrait, InternalCatalog,
            IsLayerTrait, JsonValue, ListType, ListTypeType, MapType, MapTypeType, Message, NotExpression, Note,
            NoteType, Place, Query, SearchResponse, StructField, StructType, StructTypeType, SubcanvasNode,
            TableSchema, TextNode, TextNodeType, Trailer, Type, UserActor, UserActorType, Vehicle),
    );
}

#[test]
fn the_styles_fixture() {
    conforms(
        "tests/fixtures/specs/styles.yaml",
        codecs!(parameter_styles_fixture: Filter, FilterCreated, Rgb),
    );
}

#[test]
fn the_unions_fixture() {
    conforms(
        "tests/fixtures/specs/unions.yaml",
        codecs!(unions_fixture: Account, Annotation, AnyBlock, AppConfig, BasicAccount, Block, BoxType, Cat, Chain, Circle, Citation, CircleKind, Cluster, ClusterAcl, ClusterEmbedded, Code, Condition, Dog, EncryptionKey, EncryptionKeyUse,
            FileCitation, FileCitationType, Filter, Handle, IdOrName, Job, JobOutput, KeyHolder, KeySet, KeywordRuleUpdate, KeywordRuleUpdateMetadata, LinkedAccount, Member, Metadata, MetadataValue, Pet, Profile, Record, RecordFallbackChoice, Reply, ReplyBase, ReplyBaseResultType, ReplyResultType,
            ReplyResultTypeObject, Roster, RosterVariant0, RosterVariant1, RuleUpdate, Series, Shape, SigningKey, SpamRuleUpdate, SpamRuleUpdateMetadata, Square, SquareKind, StreamEvent, StreamEventDelta, StreamEventDeltaVariant, StreamEventType, StringType, UrlCitation, UrlCitationType, TextBlock, TextBlockType, Trace,
            TraceItem, TreeA, TreeB, Upload, VecType, Volume),
    );
}

/// Checks every type of the spec at `spec` (relative to the project root) with its codec.
fn conforms(spec: &str, codecs: Vec<check::Codec>) {
    let text = std::fs::read_to_string(root().join(spec)).unwrap();
    // A bound beyond 64 bits (the fixtures have some) is a float, not an error.
    let document = generator::load::tree(&text).unwrap();
    let (api, _) = generator::lower(&generator::load(spec, &text).unwrap()).unwrap();
    // An alias (an inline schema merged into a type of its shape) is checked against its own
    // schema: the type must hold every schema merged into it.
    let named: BTreeSet<&str> = api.types.keys().chain(api.aliases.keys()).map(String::as_str).collect();
    let covered: BTreeSet<&str> = codecs.iter().map(|c| c.name).collect();
    assert_eq!(covered, named, "{spec}: every generated type and alias has a codec here, and only those");

    let origin = |name: &str| match api.types.get(name) {
        Some(def) => def.origin.clone(),
        None => api.aliases[name].origin.clone(),
    };
    let report = check::check(&document, &codecs, &origin, CASES);
    assert!(report.skipped.is_empty(), "{spec}: {:#?}", report.skipped);
    let unsampled: Vec<&String> = report
        .unsampled
        .iter()
        .filter(|line| !CANNOT_SAMPLE.iter().any(|n| line.contains(&format!(" of {n} ("))))
        .collect();
    assert!(unsampled.is_empty(), "{spec}: {unsampled:#?}");
    assert!(report.failures.is_empty(), "{spec}:\n{}", report.failures.join("\n"));
}
