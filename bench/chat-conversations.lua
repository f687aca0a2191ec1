-- wrk script: bench/chat-paced.lua's turns and pauses, but in ongoing
-- conversations: each wrk thread starts about 9 (about 17 with -t2: wrk
-- calls request() once per thread to check the script, which takes one; an
-- owner keeps at most 20 conversations, OWNER_MAX_CONVERSATIONS, and more
-- would drop the oldest, whose next turn answers 404) and
-- then sends every turn in one of them, taking the one that waited longest, so
-- each conversation's state is read and its version raised turn after turn, as
-- when people chat. A conversation has one turn in flight at most: a request
-- takes its id from the free list and the response gives it back (if all are
-- busy, a new conversation starts). Run from the repository root.
dofile("bench/chat-paced.lua")
local free = {}
local to_start = 9
local n = 0

function request()
  n = n + 1
  local id = "null"
  if to_start > 0 then
    to_start = to_start - 1
  elseif #free > 0 then
    id = string.format('"%s"', table.remove(free, 1))
  end
  local body = string.format('{"message":"%s","timezone":"Europe/Paris","conversation_id":%s}', chat_messages[(n % #chat_messages) + 1], id)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  local id = body:match('"conversation_id":"([^"]+)"')
  if id then
    table.insert(free, id)
  end
end
