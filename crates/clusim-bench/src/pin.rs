//! Thread placement for the two-thread wake-up case (P4): the measuring thread on one
//! CPU and every echo thread on another, for both sides alike, so where the scheduler
//! happens to put them (one side's echo beside the measuring thread, the other's
//! across) stops deciding the ratio (spec/perf.md, "Alternated operations").
//!
//! Linux only; elsewhere, and where fewer than two CPUs are allowed, threads stay where
//! the scheduler puts them.

/// The calling thread pinned to one CPU until dropped; then its CPU set is restored.
#[must_use = "the pin ends when this is dropped"]
pub struct Pinned {
    #[cfg(target_os = "linux")]
    before: Option<rustix::thread::CpuSet>,
}

/// Which of the two CPUs a thread goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cpu {
    /// The first CPU the process may run on: the measuring thread.
    Measuring,
    /// The second: echo threads.
    Echo,
}

/// Pins the calling thread to `cpu`, when at least two CPUs are allowed.
pub fn pin(cpu: Cpu) -> Pinned {
    #[cfg(target_os = "linux")]
    {
        use rustix::thread::{sched_getaffinity, sched_setaffinity, CpuSet};
        let Ok(before) = sched_getaffinity(None) else { return Pinned { before: None } };
        let mut allowed = (0..CpuSet::MAX_CPU).filter(|&c| before.is_set(c));
        let (Some(first), Some(second)) = (allowed.next(), allowed.next()) else {
            return Pinned { before: None };
        };
        let mut one = CpuSet::new();
        one.set(if cpu == Cpu::Measuring { first } else { second });
        match sched_setaffinity(None, &one) {
            Ok(()) => Pinned { before: Some(before) },
            Err(_) => Pinned { before: None },
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = cpu;
        Pinned {}
    }
}

impl Drop for Pinned {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some(before) = &self.before {
            let _ = rustix::thread::sched_setaffinity(None, before);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_ends_with_the_cpu_set_it_found() {
        #[cfg(target_os = "linux")]
        let before = rustix::thread::sched_getaffinity(None).expect("affinity readable");
        drop(pin(Cpu::Echo));
        #[cfg(target_os = "linux")]
        assert_eq!(rustix::thread::sched_getaffinity(None).expect("affinity readable"), before);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pinned_thread_runs_on_one_cpu() {
        let allowed = rustix::thread::sched_getaffinity(None).expect("affinity readable").count();
        let _p = pin(Cpu::Measuring);
        let now = rustix::thread::sched_getaffinity(None).expect("affinity readable").count();
        assert_eq!(now, if allowed >= 2 { 1 } else { allowed });
    }
}
