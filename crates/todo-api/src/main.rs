use std::process::ExitCode;

use clap::Parser;
use todo_api::config::{Command, Config};
use todo_api::{healthcheck, telemetry, Application};

fn main() -> ExitCode {
    let config = match Config::try_parse() {
        Ok(config) => config,
        Err(err) if !err.use_stderr() => {
            // --help and --version
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            // One line that names the setting, e.g. "invalid value 'abc' for '--api-port <API_PORT>'".
            let rendered = err.render().to_string();
            let line = rendered.lines().next().unwrap_or("invalid configuration").trim_start_matches("error: ");
            eprintln!("todo-api: configuration error: {line}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("todo-api: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match &config.command {
        Some(Command::Healthcheck { url }) => {
            let url = url.clone().unwrap_or_else(|| format!("http://127.0.0.1:{}/ready", config.api_port));
            match runtime.block_on(healthcheck::probe(&url)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("todo-api healthcheck: {err:#}");
                    ExitCode::FAILURE
                }
            }
        }
        None => {
            telemetry::init(&config);
            let served = runtime.block_on(async { Application::build(config).await?.run_until_stopped().await });
            match served {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    tracing::error!(error = format!("{err:#}"), "todo-api stopped with an error");
                    eprintln!("todo-api: {err:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
