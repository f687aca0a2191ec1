-- wrk script: bench/chat.lua's turns with a pause before each, as a person
-- reads the reply before sending the next message. With -c32 it is 32
-- conversations at a set pace rather than as fast as the server answers, so
-- the latency wrk prints is a turn's, not a queue's. The pause, in ms, is
-- drawn at random for each turn (exponential, mean CHAT_PAUSE_MS from the
-- environment, default 100), so the conversations do not fire in step: a fixed
-- pause would send all 32 turns at once, again and again, and measure a queue
-- of 32 after all. Run from the repository root.
dofile("bench/chat.lua")
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16))
local pause = tonumber(os.getenv("CHAT_PAUSE_MS") or "100")

function delay()
  return -pause * math.log(1 - math.random())
end
