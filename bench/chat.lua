-- wrk script: chat turns, each the first of a new conversation, rotating
-- through messages that read the list (so its size stays fixed during the
-- run); every turn still stores its conversation and both messages.
local turns = {}
local n = 0
-- Global: bench/chat-conversations.lua sends the same messages.
chat_messages = { "what's due today?", "show my todos", "find milk", "show #work", "what's overdue", "hi there" }

function init(args)
  local host = wrk.headers["Host"]
  for i, message in ipairs(chat_messages) do
    local body = string.format('{"message":"%s","timezone":"Europe/Paris"}', message)
    turns[i] = wrk.format("POST", "/api/v1/chat", { ["Host"] = host, ["Content-Type"] = "application/json" }, body)
  end
end

function request()
  n = n + 1
  return turns[(n % #turns) + 1]
end
