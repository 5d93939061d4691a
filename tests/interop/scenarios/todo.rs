//! The interop scenario against LoopBack 4's Todo example (`tests/interop/SERVERS.md`), built as
//! an example of the client generated from the document the running server serves. It exits
//! non-zero, saying which step failed, on any unexpected answer.

use interop_todo::{ApiErrorKind, Client, Error, NewTodo, TodoFilter1, TodoPartial};
use serde_json::json;
use std::collections::BTreeMap;

fn check(step: &str, ok: bool, detail: impl std::fmt::Debug) {
    if !ok {
        eprintln!("step `{step}` failed: {detail:?}");
        std::process::exit(1);
    }
    println!("ok: {step}");
}

async fn scenario(client: &Client) -> Result<(), Error> {
    // Create.
    let milk = NewTodo::new("buy milk").desc("2 litres").is_complete(false).tag(json!({"prio": 1}));
    let created = client.todo_controller_create().body(&milk).await?;
    check("create", created.title == "buy milk" && created.id.is_some(), &created);
    let id = created.id.expect("an id");
    client.todo_controller_create().body(&NewTodo::new("walk dog").is_complete(true)).await?;
    client.todo_controller_create().body(&NewTodo::new("write report").desc("Q3")).await?;

    // Read.
    let read = client.todo_controller_find_by_id(id).await?;
    check("read", read.desc.as_deref() == Some("2 litres") && read.tag == Some(json!({"prio": 1})), &read);

    // List with a filter (a JSON query parameter).
    let done = BTreeMap::from([("isComplete".to_owned(), json!(true))]);
    let filter = TodoFilter1::default().r#where(done);
    let complete = client.todo_controller_find().filter(&filter).await?;
    let titles: Vec<&str> = complete.iter().map(|t| t.title.as_str()).collect();
    check("list with a filter", titles == ["walk dog"], &titles);

    // List with pagination: the second page of two, in id order.
    let page = TodoFilter1::default().order("id ASC".to_owned()).limit(2).skip(1);
    let second = client.todo_controller_find().filter(&page).await?;
    let titles: Vec<&str> = second.iter().map(|t| t.title.as_str()).collect();
    check("list with pagination", titles == ["walk dog", "write report"], &titles);

    // PATCH: `title` and `desc` left out, `tag` an explicit null.
    let patch = TodoPartial::default().is_complete(true).tag(serde_json::Value::Null);
    client.todo_controller_update_by_id(id).body(&patch).await?;
    let patched = client.todo_controller_find_by_id(id).await?;
    check(
        "PATCH: absent kept, null stored",
        patched.title == "buy milk" && patched.desc.as_deref() == Some("2 litres")
            && patched.is_complete == Some(true) && patched.tag == Some(serde_json::Value::Null),
        &patched,
    );

    // A server-side validation error: the document sets no minimum length, the server does.
    match client.todo_controller_create().body(&NewTodo::new("")).await {
        Err(Error::Api(e)) if e.status == 422 => {
            let said = e.body.as_ref().and_then(|b| b.pointer("/error/message")).and_then(|m| m.as_str());
            check("server-side validation error", said.is_some_and(|m| m.contains("can't be blank")), &e.body);
        }
        other => check("server-side validation error", false, other),
    }

    // A value the client refuses before sending: `limit` has `minimum: 1`.
    let zero = TodoFilter1::default().limit(0);
    match client.todo_controller_find().filter(&zero).await {
        Err(Error::Validation(e)) => {
            check("refused before sending", e.violations[0].pointer == "/query/filter/limit", &e)
        }
        other => check("refused before sending", false, other),
    }

    // Delete, then a not-found with the server's body.
    client.todo_controller_delete_by_id(id).await?;
    match client.todo_controller_find_by_id(id).await {
        Err(Error::Api(e)) if e.kind() == ApiErrorKind::NotFound => {
            let code = e.body.as_ref().and_then(|b| b.pointer("/error/code")).and_then(|c| c.as_str());
            check("not found after delete", code == Some("ENTITY_NOT_FOUND"), &e.body);
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
