//! The Todo-Backend conformance rules (todobackend.com's spec runner), over
//! `/api/v1/todos`: a client only follows the `url`s the server hands out.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{expect_json, spawn_app, Backend};

async fn the_root_answers_a_post_with_the_posted_todo(backend: Backend) {
    let app = spawn_app(backend).await;
    let todo = app.create_titled("a todo").await;
    assert_eq!(todo["title"], "a todo");
    assert!(todo["url"].as_str().is_some_and(|u| u.starts_with("http")), "every new todo has a url: {todo}");
}

async fn after_a_delete_the_root_lists_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("one").await;
    app.create_titled("two").await;
    let response = app.delete_todos("").await;
    assert!(response.status().is_success(), "DELETE on the root succeeds: {}", response.status());
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.list_json("").await, Vec::<serde_json::Value>::new());
}

async fn posted_todos_appear_in_the_list_not_completed(backend: Backend) {
    let app = spawn_app(backend).await;
    let posted = app.create_titled("walk the dog").await;
    assert_eq!(posted["completed"], false);
    let list = app.list_json("").await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], "walk the dog");
    assert_eq!(list[0]["completed"], false);
    assert_eq!(list[0]["url"], posted["url"]);
}

async fn each_new_todo_has_a_url_which_returns_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let posted = app.create_titled("my todo").await;
    let url = posted["url"].as_str().unwrap();
    let fetched = expect_json(app.client.get(url).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(fetched["title"], "my todo");
    assert_eq!(fetched, posted);
}

async fn navigate_from_the_list_to_each_todo(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_titled("todo the first").await;
    app.create_titled("todo the second").await;
    let list = app.list_json("").await;
    assert_eq!(list.len(), 2);
    for item in list {
        let fetched = expect_json(app.client.get(item["url"].as_str().unwrap()).send().await.unwrap(), StatusCode::OK).await;
        assert_eq!(fetched["title"], item["title"]);
    }
}

async fn patch_title_completed_and_order_through_the_url(backend: Backend) {
    let app = spawn_app(backend).await;
    let posted = app.create_todo(json!({ "title": "initial title", "order": 10 })).await;
    assert_eq!(posted["order"], 10, "can create a todo with an order field");
    let url = posted["url"].as_str().unwrap().to_owned();

    let patch = |body: serde_json::Value| app.client.patch(&url).json(&body).send();
    let changed = expect_json(patch(json!({ "title": "bathe the cat" })).await.unwrap(), StatusCode::OK).await;
    assert_eq!(changed["title"], "bathe the cat");
    let changed = expect_json(patch(json!({ "completed": true })).await.unwrap(), StatusCode::OK).await;
    assert_eq!(changed["completed"], true);
    let changed = expect_json(patch(json!({ "order": 95 })).await.unwrap(), StatusCode::OK).await;
    assert_eq!(changed["order"], 95);

    // Changes persist and show up when the todo is fetched again.
    let fetched = expect_json(app.client.get(&url).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(fetched["title"], "bathe the cat");
    assert_eq!(fetched["completed"], true);
    assert_eq!(fetched["order"], 95);
}

async fn delete_a_todo_through_its_url(backend: Backend) {
    let app = spawn_app(backend).await;
    let posted = app.create_titled("delete me").await;
    let url = posted["url"].as_str().unwrap();
    let response = app.client.delete(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(app.list_json("").await.is_empty());
    assert_eq!(app.client.get(url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

backend_tests!(
    the_root_answers_a_post_with_the_posted_todo,
    after_a_delete_the_root_lists_nothing,
    posted_todos_appear_in_the_list_not_completed,
    each_new_todo_has_a_url_which_returns_it,
    navigate_from_the_list_to_each_todo,
    patch_title_completed_and_order_through_the_url,
    delete_a_todo_through_its_url,
);
