-- wrk script: every request creates a todo.
wrk.method = "POST"
wrk.path = "/api/v1/todos"
wrk.body = '{"title":"bench"}'
wrk.headers["Content-Type"] = "application/json"
