use std::process::ExitCode;

use todo_api::config::{Command, Config};
use todo_api::{mcp_stdio, operations, Application};
use todo_serve::{healthcheck, shutdown, telemetry};

fn main() -> ExitCode {
    let config: Config = match todo_serve::config::parse_or_exit("todo-api") {
        Ok(config) => config,
        Err(code) => return code,
    };
    match config.command.clone() {
        Some(Command::Healthcheck { url }) => {
            let url = url.unwrap_or_else(|| format!("http://127.0.0.1:{}/ready", config.api_port));
            healthcheck::run("todo-api", &url)
        }
        Some(Command::Openapi) => {
            println!("{}", todo_api::openapi_json());
            ExitCode::SUCCESS
        }
        Some(Command::Backup { to, keep }) => {
            shutdown::run_to_exit("todo-api backup", operations::run_backup(&config.database_url, &to, keep))
        }
        Some(Command::Restore { from, force }) => {
            shutdown::run_to_exit("todo-api restore", operations::run_restore(&config.database_url, &from, force))
        }
        Some(Command::Mcp { url, token_env }) => {
            // stdout carries the protocol: logs go to stderr.
            telemetry::init_on_stderr(&config.serve, &mcp_stdio::LOG_DIRECTIVES);
            shutdown::run_to_exit("todo-api mcp", mcp_stdio::run(config, url, &token_env))
        }
        None => {
            // sqlx logs every statement at info, and rmcp three lines for
            // every MCP request; keep that for when it is asked for.
            telemetry::init(&config.serve, &["sqlx", "rmcp"]);
            shutdown::run_to_exit("todo-api", async { Application::build(config).await?.run_until_stopped().await })
        }
    }
}
