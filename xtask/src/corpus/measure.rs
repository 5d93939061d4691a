//! A child process's wall time and peak memory, as the kernel counts them (`wait4`): the
//! largest resident set of the process or of any descendant it waited for (rustc under cargo).

use std::fmt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a run went, and what it cost.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub succeeded: bool,
    pub wall: Duration,
    /// Peak resident set size, in bytes, where measured.
    pub peak: Option<u64>,
}

impl fmt::Display for Measured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} s", self.wall.as_secs_f64())?;
        match self.peak {
            Some(peak) => write!(f, ", {} MB", peak / 1_000_000),
            None => Ok(()),
        }
    }
}

/// Runs `command` to its end (its output goes to this process's standard error).
///
/// Linux carries a process's peak resident set over `exec`, so a command started by this
/// process, which holds whole documents, would start with this process's peak. Each command is
/// started by a small process of its own instead (`xtask measure`, [`measure_child`]), which
/// reports the command's peak.
pub fn run(command: &mut Command) -> Result<Measured, String> {
    let this = std::env::current_exe().map_err(|e| format!("cannot find this binary: {e}"))?;
    let mut starter = Command::new(this);
    starter.arg("measure").arg("--").arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => starter.env(key, value),
            None => starter.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        starter.current_dir(dir);
    }
    let start = Instant::now();
    let output =
        starter.stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let wall = start.elapsed();
    let report = String::from_utf8_lossy(&output.stdout);
    let (succeeded, peak_kib) = report
        .trim()
        .split_once(' ')
        .and_then(|(ok, peak)| Some((ok == "ok", peak.parse::<u64>().ok()?)))
        .ok_or_else(|| format!("measuring {command:?}: {}", report.trim()))?;
    Ok(Measured { succeeded, wall, peak: Some(peak_kib * 1024) })
}

/// `xtask measure -- program args…`: runs the program, waits for it (`wait4`), and prints
/// `ok <peak KiB>` or `failed <peak KiB>`: the largest resident set of the program or of any
/// descendant it waited for (rustc under cargo).
pub fn measure_child(program: &str, args: &[String]) -> Result<(), String> {
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let pid = libc::pid_t::try_from(child.id()).map_err(|e| e.to_string())?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data the call fills in; `pid` is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        return Err(format!("waiting for {program}: {}", std::io::Error::last_os_error()));
    }
    let succeeded = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux counts `ru_maxrss` in KiB.
    println!("{} {}", if succeeded { "ok" } else { "failed" }, usage.ru_maxrss);
    Ok(())
}
