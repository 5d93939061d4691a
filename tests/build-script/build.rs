//! Generates the pet store client from the public spec on every change of the spec.

fn main() {
    if let Err(e) = generator::build::client("../fixtures/public/petstore-expanded.yaml") {
        panic!("cannot generate the client: {e}");
    }
}
