"""The MCP server as a client nobody here wrote sees it: the official MCP
Python SDK runs one scripted session over each way in, over Streamable HTTP
(/mcp, single-user and accounts mode) and over stdio (`todo-api mcp`, local
and as a bridge to the accounts server): initialize, list the tools, every
tool with valid and with invalid input. Every tool schema must pass the JSON
Schema 2020-12 metaschema, and every example and default its own schema."""

import contextlib
import json
import tempfile
import uuid

import httpx2
import pytest
from jsonschema import Draft202012Validator
from mcp import Client, MCPError, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

pytestmark = pytest.mark.anyio

TOOLS = {"add_task", "list_tasks", "complete_task", "update_task", "delete_task"}


@contextlib.asynccontextmanager
async def over_http(server, token=None, mode="legacy"):
    """A session with the server's /mcp, as `token`'s owner."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx2.AsyncClient(headers=headers, timeout=30) as http:
        async with Client(streamable_http_client(f"{server.url}/mcp", http_client=http), mode=mode) as client:
            yield client


@contextlib.asynccontextmanager
async def over_stdio(server, args, env, mode="legacy"):
    """A session with `todo-api mcp ARGS` as a child process. Afterwards its
    stderr must hold log lines only, none of them a panic."""
    params = StdioServerParameters(command=server.binary, args=["mcp", *args], env={"LOG_FORMAT": "json", **env})
    with tempfile.TemporaryFile("w+") as errlog:
        async with Client(stdio_client(params, errlog=errlog), mode=mode) as client:
            yield client
        errlog.seek(0)
        for line in errlog.read().splitlines():
            assert "panicked" not in line, line
            assert "level" in json.loads(line), line


def local(single_user, mode="legacy"):
    """`todo-api mcp` on the single-user server's database: the same todos."""
    return over_stdio(single_user, [], {"DATABASE_URL": single_user.database_url}, mode)


def bridge(accounts, user):
    return over_stdio(accounts, ["--url", accounts.url], {"TODO_API_TOKEN": accounts.tokens[user]})


WAYS_IN = {
    "http-single-user": lambda single_user, accounts: over_http(single_user),
    "stdio-local": lambda single_user, accounts: local(single_user),
    "http-accounts": lambda single_user, accounts: over_http(accounts, accounts.tokens["alice"]),
    "stdio-bridge": lambda single_user, accounts: bridge(accounts, "alice"),
}


@pytest.fixture(params=WAYS_IN, ids=list(WAYS_IN))
def session(request, single_user, accounts):
    return WAYS_IN[request.param](single_user, accounts)


def unique(word: str) -> str:
    """A title no other test uses: the ways in share their databases."""
    return f"{word} {uuid.uuid4().hex[:8]}"


async def call_ok(client, tool, arguments, output_schemas):
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, f"{tool}({arguments}): {result.content}"
    structured = result.structured_content
    assert isinstance(structured, dict), f"{tool} answers structured content: {result}"
    Draft202012Validator(output_schemas[tool]).validate(structured)
    assert json.loads(result.content[0].text) == structured, "the text repeats the structured result"
    return structured


async def call_error(client, tool, arguments) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error, f"{tool}({arguments}) should be a tool error: {result}"
    return " ".join(block.text for block in result.content)


async def output_schemas(client):
    return {tool.name: tool.output_schema for tool in (await client.list_tools()).tools}


async def test_initialize_and_list_tools(session):
    async with session as client:
        assert client.server_info.name == "todo-chatbot"
        assert client.server_capabilities.tools is not None
        assert "task_id" in client.instructions
        tools = (await client.list_tools()).tools
    assert {tool.name for tool in tools} == TOOLS
    required = {tool.name: tool.input_schema.get("required", []) for tool in tools}
    assert required == {
        "add_task": ["title"],
        "list_tasks": [],
        "complete_task": ["task_id"],
        "update_task": ["task_id"],
        "delete_task": ["task_id"],
    }
    for tool in tools:
        assert tool.description, tool.name
        for schema in (tool.input_schema, tool.output_schema):
            assert schema is not None and schema["type"] == "object", tool.name
            Draft202012Validator.check_schema(schema)
        for name, prop in tool.input_schema["properties"].items():
            where = f"{tool.name}.{name}"
            # Optional means left out: one type, never "or null".
            assert isinstance(prop["type"], str) and "null" not in json.dumps(prop), f"{where}: {prop}"
            assert prop.get("description"), where
            validator = Draft202012Validator(prop)
            for value in [prop["default"]] if "default" in prop else []:
                validator.validate(value)
            for value in prop.get("examples", []):
                validator.validate(value)
    limit = next(t for t in tools if t.name == "list_tasks").input_schema["properties"]["limit"]
    assert (limit["minimum"], limit["maximum"]) == (1, 500)


async def test_every_tool_with_valid_input(session):
    title = unique("Call mom")
    async with session as client:
        outputs = await output_schemas(client)
        added = await call_ok(
            client,
            "add_task",
            {"title": title, "due_date": "2030-03-11", "due_time": "17:00", "priority": "high",
             "tags": ["family"], "recurrence": "FREQ=WEEKLY;BYDAY=MO", "notes": "about the trip"},
            outputs,
        )
        task_id = added["task_id"]
        assert (added["status"], added["title"], added["tags"]) == ("created", title, ["family"])

        listed = await call_ok(client, "list_tasks", {"q": title, "status": "open", "priority": "high", "tag": "family"}, outputs)
        assert listed == {"tasks": [{**added, "status": "open"}]}, "a listed task has the shape of every other result"
        assert (await call_ok(client, "list_tasks", {"q": title, "limit": 500}, outputs))["tasks"][0]["task_id"] == task_id

        updated = await call_ok(
            client, "update_task", {"task_id": task_id, "title": f"{title}!", "due_date": "", "tags": [], "notes": ""}, outputs
        )
        assert (updated["status"], updated["due_date"], updated["due_time"], updated["tags"], updated["notes"]) == (
            "updated", None, None, [], None)
        await call_ok(client, "update_task", {"task_id": task_id, "due_date": "2030-03-11"}, outputs)

        completed = await call_ok(client, "complete_task", {"task_id": task_id}, outputs)
        # A weekly task stays open and moves to the next Monday.
        assert (completed["status"], completed["completed"], completed["due_date"]) == ("completed", False, "2030-03-18")

        deleted = await call_ok(client, "delete_task", {"task_id": task_id}, outputs)
        assert (deleted["status"], deleted["task_id"]) == ("deleted", task_id)
        assert await call_ok(client, "list_tasks", {"q": title}, outputs) == {"tasks": []}


BAD_INPUT = [
    ("add_task", {}, "title"),
    ("add_task", {"title": ""}, "title"),
    ("add_task", {"title": 7}, "title"),
    ("add_task", {"title": "x", "due_date": "next friday"}, "due_date"),
    ("add_task", {"title": "x", "due_time": "09:00"}, "due_time"),
    ("add_task", {"title": "x", "priority": "extreme"}, "priority"),
    ("add_task", {"title": "x", "tags": "work"}, "tags"),
    ("add_task", {"title": "x", "recurrence": "FREQ=HOURLY"}, "recurrence"),
    ("list_tasks", {"limit": 0}, "limit"),
    ("list_tasks", {"limit": 501}, "limit"),
    ("list_tasks", {"limit": "5"}, "limit"),
    ("list_tasks", {"status": "someday"}, "status"),
    ("list_tasks", {"due": "someday"}, "due"),
    ("complete_task", {"task_id": "seven"}, "task_id"),
    ("complete_task", {"task_id": 999999999}, "no task"),
    ("update_task", {"title": "no id"}, "task_id"),
    ("update_task", {"task_id": 999999999, "title": "x"}, "no task"),
    ("delete_task", {}, "task_id"),
    ("delete_task", {"task_id": 999999999}, "no task"),
]


async def test_bad_input_is_a_tool_error(session):
    async with session as client:
        for tool, arguments, named in BAD_INPUT:
            error = await call_error(client, tool, arguments)
            assert named in error, f"{tool}({arguments}): {error}"
        with pytest.raises(MCPError):
            await client.call_tool("format_disk", {})
        # The session goes on.
        assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS


@pytest.mark.parametrize("bobs_way_in", ["http", "stdio-bridge"])
async def test_another_users_ids_are_invisible(accounts, bobs_way_in):
    title = unique("Alice's task")
    async with over_http(accounts, accounts.tokens["alice"]) as alice:
        outputs = await output_schemas(alice)
        task = await call_ok(alice, "add_task", {"title": title}, outputs)
    bob = over_http(accounts, accounts.tokens["bob"]) if bobs_way_in == "http" else bridge(accounts, "bob")
    async with bob as client:
        assert await call_ok(client, "list_tasks", {"q": title}, outputs) == {"tasks": []}
        for tool, arguments in [("complete_task", {}), ("update_task", {"title": "hijacked"}), ("delete_task", {})]:
            error = await call_error(client, tool, {"task_id": task["task_id"], **arguments})
            assert "no task" in error, f"{tool}: {error}"
    async with over_http(accounts, accounts.tokens["alice"]) as alice:
        listed = await call_ok(alice, "list_tasks", {"q": title}, outputs)
    assert listed == {"tasks": [{**task, "status": "open"}]}, "Alice's task is untouched"


async def test_accounts_mode_needs_a_token(accounts):
    """Without a token the server answers 401, which the SDK reports as an MCP error."""
    with pytest.RaisesGroup(MCPError, flatten_subgroups=True):
        async with over_http(accounts) as client:
            await client.list_tools()


@pytest.mark.parametrize("way_in", ["http", "stdio-local"])
async def test_the_newest_protocol_without_a_handshake(single_user, way_in):
    """The SDK's default: it probes server/discover and uses 2026-07-28 when offered."""
    session = over_http(single_user, mode="auto") if way_in == "http" else local(single_user, mode="auto")
    title = unique("Modern")
    async with session as client:
        outputs = await output_schemas(client)
        assert set(outputs) == TOOLS
        task = await call_ok(client, "add_task", {"title": title}, outputs)
        assert (await call_ok(client, "list_tasks", {"q": title}, outputs))["tasks"][0]["task_id"] == task["task_id"]
        assert "title" in await call_error(client, "add_task", {})
