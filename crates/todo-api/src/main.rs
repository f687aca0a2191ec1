use std::process::ExitCode;

use todo_api::config::{Command, Config};
use todo_api::Application;
use todo_serve::{healthcheck, shutdown, telemetry};

fn main() -> ExitCode {
    let config: Config = match todo_serve::config::parse_or_exit("todo-api") {
        Ok(config) => config,
        Err(code) => return code,
    };
    if let Some(Command::Healthcheck { url }) = &config.command {
        let url = url.clone().unwrap_or_else(|| format!("http://127.0.0.1:{}/ready", config.api_port));
        return healthcheck::run("todo-api", &url);
    }
    if let Some(Command::Openapi) = &config.command {
        println!("{}", todo_api::openapi_json());
        return ExitCode::SUCCESS;
    }
    // sqlx logs every statement at info, and rmcp three lines for every MCP
    // request; keep that for when it is asked for.
    telemetry::init(&config.serve, &["sqlx", "rmcp"]);
    shutdown::run_to_exit("todo-api", async { Application::build(config).await?.run_until_stopped().await })
}
