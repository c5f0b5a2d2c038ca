//! `clusim`: the command-line face of the simulator.

mod bench;
mod chaos;
mod conformance;
mod demo;
mod watch_v2;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// clusim: a simulator of the Windows Failover Cluster notification subsystem.
#[derive(Parser)]
#[command(name = "clusim", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How long a step may take, and what a shared cluster may be put through.
#[derive(clap::Args)]
struct Limits {
    /// The deadline of each step (`500ms`, `5s`; default: the scenario's
    /// `# step-timeout:`, else 10s). A step still running then is reported as stuck,
    /// with the actors still blocked; the scenario fails and the run goes on.
    #[arg(long, value_parser = parse_step_timeout)]
    step_timeout: Option<std::time::Duration>,
    /// With --cluster, also run scenarios whose steps cannot be undone (EvictClusterNode,
    /// DeleteClusterResourceType): the cluster stays changed.
    #[arg(long)]
    allow_irreversible: bool,
}

fn parse_step_timeout(s: &str) -> Result<std::time::Duration, String> {
    clusim_conformance::runner::parse_duration(s)
}

impl Limits {
    fn args<'a>(&self, backend: &'a str, cluster: Option<&'a str>) -> conformance::RunArgs<'a> {
        conformance::RunArgs {
            backend,
            cluster,
            step_timeout: self.step_timeout,
            allow_irreversible: self.allow_irreversible,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Watch a simulated cluster emit events: a watcher thread on a notification port
    /// (resource events under one key, cluster-database events under another) while a
    /// script changes the cluster. Deterministic: same seed, same table.
    Demo {
        /// Seed for object ids.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Topology file (TOML, see spec/topology.md) instead of the built-in default.
        #[arg(long)]
        topology: Option<PathBuf>,
    },
    /// Print the built-in default topology as TOML (a starting point for your own).
    Topology,
    /// Run scenarios (spec/scenarios/*.scenario), check their guarantees and compare
    /// them with their golden traces. Exits non-zero on any difference.
    Run {
        /// Scenario files (default: every scenario in spec/scenarios).
        scenarios: Vec<PathBuf>,
        /// Backend: `sim` (default) or `clusapi` (real ClusAPI: clusapi.dll on Windows,
        /// libclusapi elsewhere).
        #[arg(long, default_value = "sim")]
        backend: String,
        /// Cluster to run on (clusapi backend; default: a fresh simulated one per
        /// scenario).
        #[arg(long)]
        cluster: Option<String>,
        /// Print each trace.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        limits: Limits,
    },
    /// Run one scenario and write its normalized trace (JSON Lines).
    Record {
        /// The scenario file.
        scenario: PathBuf,
        /// Where to write the trace.
        #[arg(short, long)]
        output: PathBuf,
        /// Backend: `sim` or `clusapi`.
        #[arg(long, default_value = "sim")]
        backend: String,
        /// Cluster to run on (clusapi backend).
        #[arg(long)]
        cluster: Option<String>,
        #[command(flatten)]
        limits: Limits,
    },
    /// Show the difference between two traces (colored on a terminal).
    Diff {
        /// The expected trace.
        a: PathBuf,
        /// The actual trace.
        b: PathBuf,
    },
    /// Check the named guarantees on a trace.
    Check {
        /// The trace file.
        trace: PathBuf,
    },
    /// The documented watcher as a tool: a live table of the events of a cluster.
    Watch {
        /// Backend: `sim` or `clusapi`.
        #[arg(long, default_value = "sim")]
        backend: String,
        /// Cluster name (default: the local cluster).
        #[arg(long)]
        cluster: Option<String>,
        /// Filter: CLUSTER_CHANGE names joined by `|` (default ALL); with `--v2`,
        /// `TYPE:FLAGS` filters joined by `,` (`GROUP:STATE|OWNER_NODE,NODE:ALL`; the
        /// default is ALL of CLUSTER, GROUP, RESOURCE, RESOURCE_TYPE, NETWORK,
        /// NETWORK_INTERFACE and NODE).
        #[arg(long)]
        filter: Option<String>,
        /// Watch through a V2 port (`CreateClusterNotifyPortV2` / `GetClusterNotifyV2`):
        /// each row adds the payload the ApiGetNotifyV2 table gives the event.
        #[arg(long)]
        v2: bool,
        /// Run this scenario on the watched cluster while watching (the simulator lives
        /// in this process, so something has to change it): `--cluster`, else the
        /// scenario's own cluster.
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Stop after this many seconds without an event (default: run until the
        /// scenario ends, or forever).
        #[arg(long)]
        idle_exit: Option<u64>,
    },
    /// A seeded random mix of model operations, registry writes and batches, port
    /// opens/closes/registrations/drains and (with --faults) node and connection faults,
    /// run by several threads, then checked by validators (FIFO, no duplicate, no loss
    /// without a signal, every state change observed, the final state reconstructible
    /// from a watcher, documented codes). The same seed gives the same trace; a failure
    /// prints the command that replays it and a shrunk trace. Exits non-zero on failure.
    Chaos {
        /// The seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Operations per run.
        #[arg(long, default_value_t = 1000)]
        steps: usize,
        /// Include faults: node down/up, connection loss and return.
        #[arg(long)]
        faults: bool,
        /// Actor threads.
        #[arg(long, default_value_t = 3)]
        actors: usize,
        /// Run this many consecutive seeds, starting at --seed.
        #[arg(long, default_value_t = 1)]
        seeds: u64,
        /// Print each run's trace.
        #[arg(long)]
        trace: bool,
    },
    /// Measure the event-queue hot path against a raw channel in the same run and print
    /// a table (clusim ns/op, baseline ns/op, ratio, goal). Build in release:
    /// `cargo run --release -- bench --quick`. Exits 0 whatever the ratios are.
    Bench {
        /// Fewer, shorter rounds: done in well under a minute on 2 cores.
        #[arg(long)]
        quick: bool,
        /// One JSON object per line (case, clusim_ns, baseline_ns, ratio, goal, pass)
        /// instead of the table.
        #[arg(long)]
        json: bool,
        /// Only the cases whose id starts with one of these (e.g. `P1 S-ports`).
        cases: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { seed, topology } => demo::run(seed, topology.as_deref()),
        Command::Run { scenarios, backend, cluster, verbose, limits } => {
            conformance::run(&scenarios, limits.args(&backend, cluster.as_deref()), verbose)
        }
        Command::Record { scenario, output, backend, cluster, limits } => {
            conformance::record(&scenario, &output, limits.args(&backend, cluster.as_deref()))
        }
        Command::Diff { a, b } => conformance::diff(&a, &b),
        Command::Check { trace } => conformance::check(&trace),
        Command::Watch { backend, cluster, filter, v2, scenario, idle_exit } => conformance::watch(
            &backend,
            cluster.as_deref(),
            filter.as_deref(),
            v2,
            scenario.as_deref(),
            idle_exit,
        ),
        Command::Bench { quick, json, cases } => bench::run(quick, json, &cases),
        Command::Chaos { seed, steps, faults, actors, seeds, trace } => {
            chaos::chaos(seed, steps, faults, actors, seeds, trace)
        }
        Command::Topology => {
            let text = clusim_model::Topology::default_cluster().to_toml();
            let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clusim: {e}");
            ExitCode::FAILURE
        }
    }
}
