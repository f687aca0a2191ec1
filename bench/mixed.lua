-- wrk script: alternate a create and a short list, as a chatty client would.
local create, list
local n = 0

-- Built once per thread; wrk has set the Host header (with the port) by then.
function init(args)
  local host = wrk.headers["Host"]
  create = wrk.format("POST", "/api/v1/todos",
    { ["Host"] = host, ["Content-Type"] = "application/json" }, '{"title":"bench"}')
  list = wrk.format("GET", "/api/v1/todos?limit=20", { ["Host"] = host })
end

function request()
  n = n + 1
  if n % 2 == 1 then return create else return list end
end
