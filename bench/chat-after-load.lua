-- wrk script: bench/chat.lua's turns with adds among them, as the chat runs
-- right after the POST load of bench/run.sh (over 10,000 todos of one
-- owner): each turn costs what it needs, not what the list holds.
dofile("bench/chat.lua")
table.insert(chat_messages, "add call mom tomorrow at 5pm")
table.insert(chat_messages, "remind me to buy bread on friday #home")
