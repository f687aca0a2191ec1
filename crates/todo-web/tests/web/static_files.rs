//! The built UI: index.html and the SPA fallback, cache headers, compression,
//! security headers, and no way out of STATIC_DIR.

use reqwest::header::ACCEPT_ENCODING;
use reqwest::StatusCode;

use crate::helpers::{
    app_js, brotli_decompress, gzip_decompress, header, raw_request, Fixture, StubBackend, TestWeb, INDEX_MARKER, PRECOMPRESSED_CSS,
    SECRET_MARKER,
};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[tokio::test]
async fn index_html_and_the_spa_fallback_are_revalidated_on_every_use() {
    let fixture = Fixture::new();
    let web = TestWeb::with(&fixture, &StubBackend::start().await).await;
    for path in ["/", "/index.html", "/todos/42", "/settings?tab=account", "/conversations/abc/messages"] {
        let response = web.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(header(response.headers(), "content-type").starts_with("text/html"), "{path}");
        assert_eq!(header(response.headers(), "cache-control"), "no-cache", "{path}");
        assert!(response.text().await.unwrap().contains(INDEX_MARKER), "{path} serves index.html");
    }

    let head = web.client.head(web.url("/some/client/route")).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert!(head.text().await.unwrap().is_empty(), "HEAD has no body");

    let post = web.client.post(web.url("/some/client/route")).body("x").send().await.unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD fall back to index.html");
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_missing_ones_are_404() {
    let fixture = Fixture::new();
    let web = TestWeb::with(&fixture, &StubBackend::start().await).await;
    let js = web.get("/assets/app-abc123.js").await;
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(header(js.headers(), "cache-control"), IMMUTABLE);
    assert!(header(js.headers(), "content-type").contains("javascript"));
    assert_eq!(js.text().await.unwrap(), app_js());

    let css = web.get("/assets/app-abc123.css").await;
    assert_eq!(header(css.headers(), "cache-control"), IMMUTABLE);
    assert!(header(css.headers(), "content-type").starts_with("text/css"));

    let missing = web.get("/assets/app-gone999.js").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND, "a missing asset is not index.html");
    assert_ne!(missing.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some(IMMUTABLE), "a 404 is not cached for a year");
    assert!(!missing.text().await.unwrap().contains(INDEX_MARKER));
}

#[tokio::test]
async fn gzip_and_brotli_when_the_client_accepts_them() {
    let fixture = Fixture::new();
    let web = TestWeb::with(&fixture, &StubBackend::start().await).await;
    let fetch = |path: &'static str, encoding: &'static str| {
        let request = web.client.get(web.url(path)).header(ACCEPT_ENCODING, encoding);
        async move { request.send().await.unwrap() }
    };

    let gzip = fetch("/assets/app-abc123.js", "gzip").await;
    assert_eq!(header(gzip.headers(), "content-encoding"), "gzip");
    assert!(header(gzip.headers(), "vary").to_ascii_lowercase().contains("accept-encoding"));
    assert_eq!(header(gzip.headers(), "cache-control"), IMMUTABLE);
    let body = gzip.bytes().await.unwrap();
    assert!(body.len() < app_js().len(), "compressed: {} bytes", body.len());
    assert_eq!(gzip_decompress(&body), app_js().as_bytes());

    let br = fetch("/assets/app-abc123.js", "br;q=1.0, gzip;q=0.5").await;
    assert_eq!(header(br.headers(), "content-encoding"), "br");
    assert_eq!(brotli_decompress(&br.bytes().await.unwrap()), app_js().as_bytes());

    let index = fetch("/", "gzip").await;
    assert_eq!(header(index.headers(), "content-encoding"), "gzip");
    assert!(String::from_utf8(gzip_decompress(&index.bytes().await.unwrap())).unwrap().contains(INDEX_MARKER));

    // A pre-compressed file beside the original is served as it is.
    let precompressed = fetch("/assets/app-abc123.css", "br").await;
    assert_eq!(header(precompressed.headers(), "content-encoding"), "br");
    assert!(header(precompressed.headers(), "vary").to_ascii_lowercase().contains("accept-encoding"));
    assert!(header(precompressed.headers(), "content-type").starts_with("text/css"));
    assert_eq!(brotli_decompress(&precompressed.bytes().await.unwrap()), PRECOMPRESSED_CSS.as_bytes());

    let identity = fetch("/assets/app-abc123.js", "identity").await;
    assert!(identity.headers().get("content-encoding").is_none());
    assert!(header(identity.headers(), "vary").to_ascii_lowercase().contains("accept-encoding"));
    assert_eq!(identity.text().await.unwrap(), app_js());
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let fixture = Fixture::new();
    let backend = StubBackend::start().await;
    let web = TestWeb::with(&fixture, &backend).await;
    let down = TestWeb::start(&fixture.dist(), &format!("http://127.0.0.1:{}", crate::helpers::free_port()), &[]).await;
    let responses = [
        web.get("/").await,
        web.get("/todos/1").await,
        web.get("/assets/app-abc123.js").await,
        web.get("/assets/missing.js").await,
        web.get("/health").await,
        web.get("/ready").await,
        web.get("/api/v1/echo").await,
        web.get("/mcp").await,
        web.client.post(web.url("/")).send().await.unwrap(),
        down.get("/api/v1/todos").await,
    ];
    for response in responses {
        let url = response.url().to_string();
        let headers = response.headers();
        let csp = header(headers, "content-security-policy");
        assert_eq!(csp, todo_web::CONTENT_SECURITY_POLICY_VALUE, "{url}");
        assert!(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline"), "{url}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{url}: {csp}");
        assert_eq!(header(headers, "x-content-type-options"), "nosniff", "{url}");
        assert_eq!(header(headers, "x-frame-options"), "DENY", "{url}");
        assert_eq!(header(headers, "referrer-policy"), "no-referrer", "{url}");
        assert!(!header(headers, "x-request-id").is_empty(), "{url}");
    }
}

#[tokio::test]
async fn paths_never_escape_the_static_dir() {
    let fixture = Fixture::new();
    let web = TestWeb::with(&fixture, &StubBackend::start().await).await;
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/Cargo.toml",
        "/%2e%2e%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
    ] {
        let (status, answer) =
            raw_request(web.port, &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).await;
        assert!(!answer.contains(SECRET_MARKER), "{target} escaped STATIC_DIR:\n{answer}");
        assert!(!answer.contains("root:x:0:0"), "{target} reached /etc/passwd");
        assert!(matches!(status, 200 | 400 | 404), "{target}: {status}");
        if status == 200 {
            assert!(answer.contains(INDEX_MARKER), "{target}: a 200 is index.html:\n{answer}");
        }
    }
}

/// Issue 16: todo-web followed symbolic links in its static folder.
#[tokio::test]
async fn symbolic_links_out_of_the_static_dir_are_not_followed() {
    let fixture = Fixture::new();
    let dist = fixture.dist();
    std::os::unix::fs::symlink(fixture.dir.path().join("secret.txt"), dist.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(fixture.dir.path(), dist.join("assets/outside")).unwrap();
    std::os::unix::fs::symlink(fixture.dir.path().join("secret.txt"), dist.join("assets/app-abc123.js.gz")).unwrap();
    let web = TestWeb::with(&fixture, &StubBackend::start().await).await;
    for (target, encoding) in [("/leak.txt", "identity"), ("/assets/outside/secret.txt", "identity"), ("/assets/app-abc123.js", "gzip")] {
        let (status, answer) = raw_request(
            web.port,
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: {encoding}\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert!(!answer.contains(SECRET_MARKER), "{target} followed a link out of STATIC_DIR:\n{answer}");
        assert_eq!(status, 404, "{target}");
    }
    // A link that stays inside is served.
    std::os::unix::fs::symlink(dist.join("index.html"), dist.join("home.html")).unwrap();
    let (status, answer) = raw_request(web.port, "GET /home.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").await;
    assert_eq!(status, 200);
    assert!(answer.contains(INDEX_MARKER));
}
