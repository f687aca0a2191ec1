"""Accounts for the accounts-mode runs of bench/run.sh.

Signs up ACCOUNTS users on a todo-api in accounts mode (through the API, so
each costs an Argon2 hash on the server), gives each the todos bench/run.sh
gives the single user (TODOS of them: "todo N milk", due between three days
ago and five days ahead, tagged #work), and writes one Bearer token a line
to --tokens. The server must allow that many sign-ups a minute
(AUTH_ATTEMPTS_PER_MINUTE, AUTH_ATTEMPTS_GLOBAL_PER_MINUTE). Progress on
stderr; exits 1 on any refused request.

    python bench/accounts.py --base http://127.0.0.1:18080 --accounts 1000 \
        --todos 20 --tokens /tmp/tokens.txt
"""

import argparse
import asyncio
import datetime
import sys

import httpx

PASSWORD = "bench password of an account"
SIGNUPS_AT_ONCE = 4  # Argon2 on two cores: more only queue
CREATES_AT_ONCE = 32


def todo_body(i: int) -> dict:
    due = datetime.date.today() + datetime.timedelta(days=i % 9 - 3)
    return {"title": f"todo {i} milk", "due_date": due.isoformat(), "tags": ["work"]}


async def sign_up(client: httpx.AsyncClient, gate: asyncio.Semaphore, n: int) -> str:
    async with gate:
        response = await client.post("/api/v1/auth/signup", json={"username": f"bench{n:05d}", "password": PASSWORD})
    if response.status_code != 201:
        raise SystemExit(f"accounts: sign-up {n} answered {response.status_code}: {response.text[:300]}")
    return response.json()["token"]


async def fill(client: httpx.AsyncClient, gate: asyncio.Semaphore, token: str, todos: int) -> None:
    for i in range(1, todos + 1):
        async with gate:
            response = await client.post("/api/v1/todos", json=todo_body(i), headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 201:
            raise SystemExit(f"accounts: create answered {response.status_code}: {response.text[:300]}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--todos", type=int, default=20)
    parser.add_argument("--tokens", required=True, help="file to write the tokens to, one a line")
    args = parser.parse_args()
    limits = httpx.Limits(max_connections=CREATES_AT_ONCE, max_keepalive_connections=CREATES_AT_ONCE)
    async with httpx.AsyncClient(base_url=args.base, timeout=60, limits=limits) as client:
        signups = asyncio.Semaphore(SIGNUPS_AT_ONCE)
        tokens = await asyncio.gather(*(sign_up(client, signups, n) for n in range(args.accounts)))
        print(f"accounts: {len(tokens)} signed up", file=sys.stderr)
        creates = asyncio.Semaphore(CREATES_AT_ONCE)
        await asyncio.gather(*(fill(client, creates, token, args.todos) for token in tokens))
        print(f"accounts: {args.todos} todos each", file=sys.stderr)
    with open(args.tokens, "w", encoding="utf-8") as out:
        out.writelines(f"{token}\n" for token in tokens)


if __name__ == "__main__":
    asyncio.run(main())
