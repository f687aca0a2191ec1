//! An older release started on a database that a newer one has migrated (what
//! `helm rollback` does) must start and serve: it skips the migrations it
//! does not know (docs/operations.md, Upgrades).

use sqlx::Connection;
use todo_store::StoreOptions;

use crate::common::{new, store_tests};

async fn a_store_starts_on_a_schema_with_migrations_it_does_not_know(url: &str) {
    let options = StoreOptions { pool_size: 1, ..crate::common::options(10) };
    todo_store::connect(url, &options).await.expect("first start migrates").close().await;

    // A newer release has applied a migration this build does not have.
    let newer = "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                 VALUES (99990101000000, 'from a newer release', TRUE, $1, 0)";
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(&newer.replace("$1", "?")).bind(vec![0_u8]).execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(newer).bind(vec![0_u8]).execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    }

    let store = todo_store::connect(url, &options).await.expect("starts on the newer schema");
    store.ping().await.unwrap();
    store.create(todo_core::OwnerId(1), &new("after the rollback"), chrono::Utc::now()).await.expect("writes on the newer schema");
    store.close().await;
}

store_tests!(a_store_starts_on_a_schema_with_migrations_it_does_not_know => "newer_schema");
