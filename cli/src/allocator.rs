//! How the generator's binaries use their allocator, mimalloc: they keep the memory a run frees.

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the Rust bindings name only some of
/// the options); the test below checks it is the option whose default is 1,000 (ms, in the
/// mimalloc v3 the bindings build).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc never to give freed memory back to the OS during the run. With its default (a
/// purge a second after pages empty), some generations give back and fault in again gigabytes of
/// 2 MiB pages, which the kernel zeroes each time: 2,300–3,300 page faults and 0.15–1.1 s of
/// system time, against about 620 faults and 0.1 s (BENCHMARKS.md, session 16). A run lasts a
/// second; its peak memory does not change.
pub fn keep_freed_memory() {
    // SAFETY: sets the value of an option, which mimalloc reads when it would purge; no memory
    // is touched, and any value is valid for it.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_set_is_the_purge_delay() {
        // SAFETY: reads an option's value.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        let option = super::PURGE_DELAY;
        assert_eq!(default, 1000, "option {option} is not the purge delay (its default is 1,000 ms)");
        super::keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) }, -1);
    }
}
