//! Timeouts for blocking calls (`dwMilliseconds`).

use std::time::Duration;

/// `INFINITE` as ClusAPI spells it.
pub const INFINITE: u32 = 0xFFFF_FFFF;

/// How long a `get` may wait. Converts from `Option<Duration>` (`None` = wait forever)
/// and from a `dwMilliseconds` value ([`Timeout::from_millis`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeout {
    /// Wait at most this long; `Duration::ZERO` polls (N2).
    After(Duration),
    /// Wait until something arrives or the port is closed (`INFINITE`, N2).
    Infinite,
}

impl Timeout {
    /// Do not wait at all.
    pub const POLL: Timeout = Timeout::After(Duration::ZERO);

    /// Interprets a `dwMilliseconds` argument: `0xFFFFFFFF` is `INFINITE`.
    pub fn from_millis(ms: u32) -> Timeout {
        if ms == INFINITE {
            Timeout::Infinite
        } else {
            Timeout::After(Duration::from_millis(u64::from(ms)))
        }
    }

    /// The `dwMilliseconds` value for this timeout (saturating below `INFINITE`).
    pub fn as_millis_u32(self) -> u32 {
        match self {
            Timeout::Infinite => INFINITE,
            Timeout::After(d) => d.as_millis().min(u128::from(INFINITE - 1)) as u32,
        }
    }

    /// The finite duration, if any.
    pub fn duration(self) -> Option<Duration> {
        match self {
            Timeout::After(d) => Some(d),
            Timeout::Infinite => None,
        }
    }
}

impl From<Option<Duration>> for Timeout {
    fn from(v: Option<Duration>) -> Self {
        match v {
            Some(d) => Timeout::After(d),
            None => Timeout::Infinite,
        }
    }
}

impl From<Duration> for Timeout {
    fn from(d: Duration) -> Self {
        Timeout::After(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infinite_and_poll_from_dword() {
        assert_eq!(Timeout::from_millis(INFINITE), Timeout::Infinite);
        assert_eq!(Timeout::from_millis(0), Timeout::POLL);
        assert_eq!(Timeout::from_millis(500).as_millis_u32(), 500);
        assert_eq!(Timeout::from(None), Timeout::Infinite);
    }
}
