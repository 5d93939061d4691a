//! What the generated examples share: reading arguments and options, printing the result as JSON
//! (exit 0) or the error (exit 1).

use super::client::RequestOptions;
use std::error::Error;
use std::process::ExitCode;
use std::time::Duration;

/// The `N` positional arguments and the options (`--timeout SECS`, `--max-retries N`) given to
/// the example; `usage` is the error when they do not fit.
pub fn arguments<const N: usize>(
    usage: &'static str,
) -> Result<([String; N], RequestOptions), Box<dyn Error>> {
    let mut positional = Vec::new();
    let mut options = RequestOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(usage);
        match arg.as_str() {
            "--timeout" => options.timeout = Some(Duration::from_secs_f64(value()?.parse()?)),
            "--max-retries" => options.max_retries = Some(value()?.parse()?),
            _ => positional.push(arg),
        }
    }
    let positional = <[String; N]>::try_from(positional).map_err(|_| usage)?;
    Ok((positional, options))
}

/// Reads a JSON file into `T`.
pub fn json_file<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, Box<dyn Error>> {
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

/// Prints the result as JSON on stdout (exit 0), or the error on stderr (exit 1).
pub fn finish<T: serde::Serialize>(result: Result<T, Box<dyn Error>>) -> ExitCode {
    match result.and_then(|output| Ok(serde_json::to_string_pretty(&output)?)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
