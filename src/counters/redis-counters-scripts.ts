/**
 * The Lua scripts of Redis counters. A key counted forever is a string (INCR); a windowed key is a sorted set of
 * counts scored by time, pruned to its window on every reserve (a sliding window, exact). ARGV: now, then
 * per key its window (-1: none) and, for reserve, its max (-1: none) and a unique member.
 */
const countKey = `
local function count(key, win, now)
  if win < 0 then return tonumber(redis.call('GET', key) or '0') end
  return redis.call('ZCOUNT', key, '(' .. (now - win), '+inf')
end
`;

/** Returns the counts of KEYS; ARGV: now, window per key. */
export const readScript = `${countKey}
local now = tonumber(ARGV[1])
local counts = {}
for i, key in ipairs(KEYS) do counts[i] = count(key, tonumber(ARGV[i + 1]), now) end
return counts
`;

/** Returns {1, counts after} or {0, current counts}; ARGV: now, then window, max, member per key. */
export const reserveScript = `${countKey}
local now = tonumber(ARGV[1])
local counts = {}
local full = false
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 3
  local win, max = tonumber(ARGV[base]), tonumber(ARGV[base + 1])
  if win >= 0 then redis.call('ZREMRANGEBYSCORE', key, '-inf', now - win) end
  counts[i] = count(key, win, now)
  if max >= 0 and counts[i] >= max then full = true end
end
if full then return {0, unpack(counts)} end
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 3
  local win = tonumber(ARGV[base])
  if win < 0 then redis.call('INCR', key)
  else
    redis.call('ZADD', key, now, ARGV[base + 2])
    redis.call('PEXPIRE', key, math.ceil(win))
  end
  counts[i] = counts[i] + 1
end
return {1, unpack(counts)}
`;
