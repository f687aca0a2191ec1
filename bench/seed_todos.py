#!/usr/bin/env python3
"""Creates COUNT todos through the API at BASE, for the chat runs of
bench/run.sh: "todo N milk", due from three days ago to five days on, tagged
#work, as the chat's list messages (bench/chat.lua) find them. One kept-alive
connection, so 10,000 take seconds, not the minutes of a curl each.

    bench/seed_todos.py BASE COUNT
"""

import datetime
import http.client
import json
import sys
import urllib.parse


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[2].isdigit():
        sys.exit("usage: bench/seed_todos.py BASE COUNT (e.g. http://127.0.0.1:18080 10000)")
    base, count = urllib.parse.urlsplit(sys.argv[1]), int(sys.argv[2])
    conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=10)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    for i in range(1, count + 1):
        due = today + datetime.timedelta(days=i % 9 - 3)
        body = json.dumps({"title": f"todo {i} milk", "due_date": due.isoformat(), "tags": ["work"]})
        conn.request("POST", "/api/v1/todos", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        if response.status != 201:
            sys.exit(f"seed_todos: POST /api/v1/todos answered {response.status} at todo {i}")


if __name__ == "__main__":
    main()
