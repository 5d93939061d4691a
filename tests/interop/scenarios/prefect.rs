//! The interop scenario against Prefect's API server (`tests/interop/SERVERS.md`), built as an
//! example of the client generated from the document the running server serves, with only the
//! `variables` group's feature. It exits non-zero, saying which step failed, on any unexpected
//! answer.

use interop_prefect::{
    ApiErrorKind, Client, CountVariablesBody, Error, Nullable, ReadVariablesBody, Variable, VariableCreate,
    VariableFilter, VariableFilterName, VariableFilterTags, VariableSort, VariableUpdate,
};

fn check(step: &str, ok: bool, detail: impl std::fmt::Debug) {
    if !ok {
        eprintln!("step `{step}` failed: {detail:?}");
        std::process::exit(1);
    }
    println!("ok: {step}");
}

fn names(variables: &[Variable]) -> Vec<&str> {
    variables.iter().map(|v| v.name.as_str()).collect()
}

async fn scenario(client: &Client) -> Result<(), Error> {
    // Create: a string, a number and an object, each with tags.
    let region = VariableCreate::new("region", Some("eu-west-1".to_owned().into())).tags(vec!["infra".into(), "prod".into()]);
    let created = client.create_variable(&region).await?;
    check("create", created.name == "region" && created.tags.as_deref() == Some(&["infra".into(), "prod".into()][..]), &created);
    client.create_variable(&VariableCreate::new("retries", Some(3i64.into())).tags(vec!["prod".into()])).await?;
    let flags = serde_json::from_value(serde_json::json!({"beta": true})).expect("a map");
    client.create_variable(&VariableCreate::new("feature_flags", Some(interop_prefect::VariableCreateValue::Map(flags)))).await?;

    // Read, by id and by name.
    let read = client.read_variable(created.id).await?;
    check("read by id", read.name == "region" && read.created.is_some(), &read);
    let by_name = client.read_variable_by_name("region").await?;
    check("read by name", by_name.id == created.id, &by_name);

    // List with a filter: the `prod` ones, by name.
    let prod = VariableFilter::default().tags(VariableFilterTags::default().all(vec!["prod".into()]));
    let filter = ReadVariablesBody::default().variables(prod.clone()).sort(VariableSort::NameAsc);
    let listed = client.read_variables().body(&filter).await?;
    check("list with a filter", names(&listed) == ["region", "retries"], names(&listed));
    let some = VariableFilter::default().name(VariableFilterName::default().any(vec!["retries".into(), "feature_flags".into()]));
    let listed = client.read_variables().body(&ReadVariablesBody::default().variables(some).sort(VariableSort::NameDesc)).await?;
    check("list by names", names(&listed) == ["retries", "feature_flags"], names(&listed));
    let count = client.count_variables().body(&CountVariablesBody::default().variables(prod)).await?;
    check("count", count == 2, count);

    // List with pagination: one per page, the second page.
    let page = ReadVariablesBody::default().sort(VariableSort::NameAsc).offset(1).limit(1);
    let second = client.read_variables().body(&page).await?;
    check("list with pagination", names(&second) == ["region"], names(&second));

    // PATCH: `name` and `tags` left out (an explicit null there is a conflict on this server),
    // `value` an explicit null.
    client.update_variable(created.id, &VariableUpdate::default().value_null()).await?;
    let patched = client.read_variable(created.id).await?;
    check(
        "PATCH: absent kept, null stored",
        patched.name == "region" && patched.value.is_none() && patched.tags.as_ref().is_some_and(|t| t.len() == 2),
        &patched,
    );
    let update = VariableUpdate::default().value_null();
    check("an explicit null reads as one Option", update.value.is_null() && update.value.value().is_none(), &update);

    // A server-side validation error: the name rule is the server's alone.
    match client.create_variable(&VariableCreate::new("Bad Name!", Some(1i64.into()))).await {
        Err(Error::Api(e)) if e.status == 422 => {
            let said = e.body.as_ref().map(ToString::to_string).unwrap_or_default();
            check("server-side validation error", said.contains("lowercase letters"), &e.body);
        }
        other => check("server-side validation error", false, other),
    }

    // A value the client refuses before sending: `name` has `maxLength: 255`.
    let long = VariableCreate::new("a".repeat(256), Some(1i64.into()));
    match client.create_variable(&long).await {
        Err(Error::Validation(e)) => check("refused before sending", e.violations[0].pointer == "/name", &e),
        other => check("refused before sending", false, other),
    }

    // Delete, then a not-found with the server's body.
    client.delete_variable(created.id).await?;
    match client.read_variable(created.id).await {
        Err(Error::Api(e)) if e.kind() == ApiErrorKind::NotFound => {
            let detail = e.body.as_ref().and_then(|b| b.get("detail")).and_then(|d| d.as_str());
            check("not found after delete", detail == Some("Variable not found."), &e.body);
        }
        other => check("not found after delete", false, other),
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base_url = std::env::var("INTEROP_BASE_URL").expect("INTEROP_BASE_URL");
    let client = Client::builder().base_url(base_url).max_retries(0).build().expect("a client");
    if let Err(error) = scenario(&client).await {
        eprintln!("the scenario failed: {error}");
        std::process::exit(1);
    }
}
