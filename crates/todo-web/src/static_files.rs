//! The built UI: hashed assets cached for a year, everything else (above all
//! index.html) revalidated on every use, and index.html for any other GET so
//! that the single-page app's own routes load on a reload.

use std::path::Path;

use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, Response, StatusCode};
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
                .layer(CompressionLayer::new())
                // Caches must keep the encodings apart, also for pre-compressed
                // files and for answers too small to compress.
                .layer(SetResponseHeaderLayer::if_not_present(VARY, HeaderValue::from_static("accept-encoding"))),
        )
}

fn is_fresh_content(status: StatusCode) -> bool {
    matches!(status, StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED)
}
