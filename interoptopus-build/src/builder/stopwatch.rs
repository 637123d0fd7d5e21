//! Per-stage wall times, reported in [`super::Generated::timings`] so the next optimisation is
//! chosen from data (the generation benchmark prints them per stage).

use std::time::{Duration, Instant};

pub(super) struct Stopwatch {
    clock: Instant,
    pub(super) timings: Vec<(String, Duration)>,
}

impl Stopwatch {
    pub(super) fn start() -> Stopwatch {
        Stopwatch {
            clock: Instant::now(),
            timings: Vec::new(),
        }
    }

    /// Records the time since the previous lap as stage `name`.
    pub(super) fn lap(&mut self, name: &str) {
        let now = Instant::now();
        self.timings.push((name.to_string(), now - self.clock));
        self.clock = now;
    }

    /// Records a time measured elsewhere (a worker thread's own time); the lap clock runs on.
    pub(super) fn record(&mut self, name: String, took: Duration) {
        self.timings.push((name, took));
    }

    /// Records the time since the previous lap as the `parts` measured inside it, and what
    /// is left of it as `rest`.
    pub(super) fn lap_in_parts(&mut self, parts: &[(&str, Duration)], rest: &str) {
        let now = Instant::now();
        let total = now - self.clock;
        self.clock = now;
        let measured: Duration = parts.iter().map(|(_, d)| *d).sum();
        for (name, took) in parts {
            self.timings.push(((*name).to_string(), *took));
        }
        self.timings
            .push((rest.to_string(), total.saturating_sub(measured)));
    }
}
