//! Prometheus metrics: names, the process-wide recorder, and the scrape.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use todo_store::TodoStore;

pub const HTTP_REQUESTS: &str = "http_requests_total";
pub const HTTP_DURATION: &str = "http_request_duration_seconds";
const TODO_OPERATIONS: &str = "todo_operations_total";

/// Latency buckets from 100 µs: most answers of this server are sub-millisecond.
const LATENCY_BUCKETS: [f64; 14] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

/// The process-wide recorder, installed on first use. A process holds one
/// recorder; several `Application`s in one test process share it.
pub fn recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.to_owned()), &LATENCY_BUCKETS)
                .expect("bucket list is not empty")
                .install_recorder()
                .expect("no other metrics recorder is installed");
            metrics::describe_counter!(HTTP_REQUESTS, "HTTP requests answered, by method, route and status");
            metrics::describe_histogram!(HTTP_DURATION, metrics::Unit::Seconds, "HTTP request latency, by method, route and status");
            metrics::describe_counter!(TODO_OPERATIONS, "Todos created, updated, completed, reopened and deleted");
            metrics::describe_gauge!(crate::event_streams::EVENT_STREAMS_OPEN, "Event streams (GET /api/v1/events) open on this server");
            metrics::describe_counter!("event_streams_dropped_total", "Event streams ended because their client did not read them");
            metrics::describe_gauge!("db_pool_connections", "Database connections, by state (idle, in_use)");
            metrics::describe_gauge!("db_pool_max_connections", "Most database connections the pool may open");
            metrics::describe_gauge!("todo_api_build_info", "Always 1; labels carry the version and storage backend");
            handle
        })
        .clone()
}

pub fn record_build_info(backend: &'static str) {
    metrics::gauge!("todo_api_build_info", "version" => env!("CARGO_PKG_VERSION"), "backend" => backend).set(1.0);
}

pub fn record_todo_operation(operation: &'static str) {
    metrics::counter!(TODO_OPERATIONS, "operation" => operation).increment(1);
}

/// The exposition text, with the pool gauges read at scrape time.
pub fn render(handle: &PrometheusHandle, store: &dyn TodoStore) -> String {
    let pool = store.pool_stats();
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(pool.open.saturating_sub(pool.idle)));
    metrics::gauge!("db_pool_max_connections").set(f64::from(pool.max));
    handle.render()
}
