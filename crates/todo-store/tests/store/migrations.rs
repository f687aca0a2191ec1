//! An older release started on a database that a newer one has migrated (what
//! `helm rollback` does) must start: it skips the migrations it does not know.

use std::time::Duration;

use sqlx::Connection;
use todo_store::{SqliteStore, StoreOptions, TodoStore};

#[tokio::test]
async fn a_store_starts_on_a_schema_with_migrations_it_does_not_know() {
    let url = crate::common::fresh_sqlite_url("newer-schema");
    let options = StoreOptions {
        pool_size: 1,
        acquire_timeout: Duration::from_secs(5),
        max_todos_per_owner: 10,
        statement_timeout: Duration::from_secs(30),
    };
    SqliteStore::connect(&url, &options).await.expect("first start migrates");

    // A newer release has applied a migration this build does not have.
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from a newer release', TRUE, X'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = SqliteStore::connect(&url, &options).await.expect("starts on the newer schema");
    store.ping().await.unwrap();
}
