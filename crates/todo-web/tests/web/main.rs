//! Black-box tests of todo-web: the server in-process (`Application`) or as
//! the built binary, a fixture UI build and a stub API server, talked to over HTTP.

mod helpers;
mod probes;
mod process;
mod proxy;
mod static_files;
