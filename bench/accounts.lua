-- wrk script: requests of many accounts, each with the Bearer token of the
-- next account in turn (the tokens of bench/accounts.py, one a line, in the
-- file BENCH_TOKENS). BENCH_REQUEST says which request: "list" (GET
-- /api/v1/todos?limit=20, the default) or "chat" (bench/chat.lua's turns,
-- each the first of a new conversation). Each wrk thread starts at a random
-- account, so the threads do not send the same ones at once. Run from the
-- repository root.
dofile("bench/chat.lua")
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16))
local kind = os.getenv("BENCH_REQUEST") or "list"
local requests = {}
local n = 0

function init(args)
  local path = os.getenv("BENCH_TOKENS") or error("BENCH_TOKENS names no file of tokens")
  local host = wrk.headers["Host"]
  local i = 0
  for token in io.lines(path) do
    i = i + 1
    local headers = { ["Host"] = host, ["Authorization"] = "Bearer " .. token }
    if kind == "chat" then
      headers["Content-Type"] = "application/json"
      local body = string.format('{"message":"%s","timezone":"Europe/Paris"}', chat_messages[(i % #chat_messages) + 1])
      requests[i] = wrk.format("POST", "/api/v1/chat", headers, body)
    else
      requests[i] = wrk.format("GET", "/api/v1/todos?limit=20", headers)
    end
  end
  if i == 0 then error("no tokens in " .. path) end
  n = math.random(i)
end

function request()
  n = n % #requests + 1
  return requests[n]
end
