//! `clusim`: the command-line face of the simulator.

mod demo;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { seed, topology } => demo::run(seed, topology.as_deref()),
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
