use std::process::ExitCode;

use todo_serve::{healthcheck, shutdown, telemetry};
use todo_web::config::{Command, Config};
use todo_web::Application;

fn main() -> ExitCode {
    let config: Config = match todo_serve::config::parse_or_exit("todo-web") {
        Ok(config) => config,
        Err(code) => return code,
    };
    if let Some(Command::Healthcheck { url }) = &config.command {
        let url = url.clone().unwrap_or_else(|| format!("http://127.0.0.1:{}/ready", config.web_port));
        return healthcheck::run("todo-web", &url);
    }
    telemetry::init(&config.serve, &[]);
    shutdown::run_to_exit("todo-web", async { Application::build(config).await?.run_until_stopped().await })
}
