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
pub fn run(command: &mut Command) -> Result<Measured, String> {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let pid = libc::pid_t::try_from(child.id()).map_err(|e| e.to_string())?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data the call fills in; `pid` is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        return Err(format!("waiting for {command:?}: {}", std::io::Error::last_os_error()));
    }
    let wall = start.elapsed();
    // Linux counts `ru_maxrss` in KiB.
    let peak = u64::try_from(usage.ru_maxrss).ok().map(|kib| kib * 1024);
    let succeeded = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok(Measured { succeeded, wall, peak })
}
