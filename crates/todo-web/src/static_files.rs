//! The built UI: hashed assets cached for a year, everything else (above all
//! index.html) revalidated on every use, and index.html for any other GET so
//! that the single-page app's own routes load on a reload. Nothing outside
//! STATIC_DIR is served, not even through a symbolic link inside it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, Response, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::startup::WebState;

/// Vite names every file under assets/ by its content hash: a changed file is
/// a new URL, so a cached one never goes stale.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// `/assets/…` (a missing one is 404, not index.html) and the fallback for
/// every other path. Pre-compressed `.br` / `.gz` files next to the originals
/// are served when the client accepts them; other files are compressed on
/// the fly. Methods other than GET and HEAD are answered 405.
pub fn router(static_dir: &Path) -> Router<WebState> {
    let assets = ServeDir::new(static_dir.join("assets")).precompressed_br().precompressed_gzip();
    let index = ServeFile::new(static_dir.join("index.html")).precompressed_br().precompressed_gzip();
    let pages = ServeDir::new(static_dir).precompressed_br().precompressed_gzip().fallback(index);

    let long_cache = SetResponseHeaderLayer::overriding(CACHE_CONTROL, |response: &Response<_>| {
        Some(if is_fresh_content(response.status()) { IMMUTABLE } else { REVALIDATE })
    });
    Router::new()
        .nest_service("/assets", ServiceBuilder::new().layer(long_cache).service(assets))
        .fallback_service(ServiceBuilder::new().layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, REVALIDATE)).service(pages))
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(Arc::new(real_root(static_dir)), refuse_links_out))
                .layer(CompressionLayer::new())
                // Caches must keep the encodings apart, also for pre-compressed
                // files and for answers too small to compress.
                .layer(SetResponseHeaderLayer::if_not_present(VARY, HeaderValue::from_static("accept-encoding"))),
        )
}

/// STATIC_DIR with every symbolic link resolved (as given if it does not exist yet).
fn real_root(static_dir: &Path) -> PathBuf {
    std::fs::canonicalize(static_dir).unwrap_or_else(|_| static_dir.to_path_buf())
}

/// ServeDir follows symbolic links: a link in the built folder (to /etc, to
/// a home directory) would serve whatever it points at. A path that leads
/// out of STATIC_DIR, or whose pre-compressed variant does, is answered 404,
/// as is index.html (the fallback) when it does.
async fn refuse_links_out(State(root): State<Arc<PathBuf>>, request: Request, next: Next) -> axum::response::Response {
    let Ok(path) = percent_encoding::percent_decode_str(request.uri().path()).decode_utf8() else {
        return next.run(request).await; // ServeDir refuses it
    };
    let file = root.join(path.trim_start_matches('/'));
    let mut candidates = vec![root.join("index.html")];
    for suffix in ["", ".br", ".gz"] {
        let mut name = file.clone().into_os_string();
        name.push(suffix);
        candidates.push(name.into());
    }
    for candidate in candidates {
        if let Ok(real) = tokio::fs::canonicalize(&candidate).await {
            if !real.starts_with(root.as_path()) {
                tracing::warn!(path = %candidate.display(), "refused a path that leads out of STATIC_DIR");
                return StatusCode::NOT_FOUND.into_response();
            }
        }
    }
    next.run(request).await
}

fn is_fresh_content(status: StatusCode) -> bool {
    matches!(status, StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED)
}
