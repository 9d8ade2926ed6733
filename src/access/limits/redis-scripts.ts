/**
 * The Lua scripts behind RedisCounterStore. Each runs atomically inside Redis, so a request's
 * checks and writes on every counter are one indivisible step however many replicas call at once.
 * Time is Redis's own clock (TIME), so replicas with skewed clocks still share one window.
 *
 * Key layout, passed in KEYS (never built inside the script, so Redis Cluster can route them):
 *   per rate counter (4):  rpm log (zset: id → time), tpm log (zset: "id|tokens" → time),
 *                          tpm sum (string), parallel slots (zset: id → expiry)
 *   per spend counter (2): counter (hash: settled, reserved, init — nano-USD), holds (zset: "id|nano" → expiry)
 * A hold's amount lives in its member name, so purging lapsed holds knows what to subtract.
 */

/** Shared prelude: clock, argument decoding, and the purge helper. */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function amount_of(member)
  return tonumber(string.match(member, '|(%d+)$')) or 0
end
-- Removes members scored <= upto and returns the sum of their amounts.
local function purge_sum(key, upto)
  local gone = redis.call('ZRANGEBYSCORE', key, '-inf', upto)
  if #gone == 0 then return 0 end
  local sum = 0
  for _, member in ipairs(gone) do sum = sum + amount_of(member) end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', upto)
  return sum
end
-- Lets a key live at least ttl ms more, never less: a short hold must not cut a longer one's key short.
local function extend_key(key, ttl)
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end
local function purge_holds(counter, holds)
  local freed = purge_sum(holds, now)
  if freed > 0 then redis.call('HINCRBY', counter, 'reserved', -freed) end
end
`;

/**
 * ARGV: id, tokens, costNano, ttlMs, windowMs, nRate, nSpend, then rpm/tpm/maxParallel per rate
 * counter, then limitNano/expireAtMs per spend counter (expireAt 0 = never).
 * Returns {'ok', now} | {'seed', j…} (spend counters never seen: load their settled spend first)
 * | {'fail', kind, index, retryAfterMs (-1 = none), settled, reserved}.
 */
export const RESERVE_SCRIPT = `${PRELUDE}
local id, tokens, cost = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, window = tonumber(ARGV[4]), tonumber(ARGV[5])
local nRate, nSpend = tonumber(ARGV[6]), tonumber(ARGV[7])
local sKey, sArg = 4 * nRate, 7 + 3 * nRate

local missing = {}
for j = 1, nSpend do
  if redis.call('HEXISTS', KEYS[sKey + 2 * j - 1], 'init') == 0 then missing[#missing + 1] = j end
end
if #missing > 0 then return {'seed', unpack(missing)} end

for i = 1, nRate do
  local k, a = 4 * (i - 1), 7 + 3 * (i - 1)
  local rpm, tpm, par = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  if rpm > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[k + 1], '-inf', now - window)
    if redis.call('ZCARD', KEYS[k + 1]) >= rpm then
      local excess = redis.call('ZCARD', KEYS[k + 1]) - rpm
      local entry = redis.call('ZRANGE', KEYS[k + 1], excess, excess, 'WITHSCORES')
      return {'fail', 'rpm', i, tonumber(entry[2]) + window - now, 0, 0}
    end
  end
  if tpm > 0 then
    local freed = purge_sum(KEYS[k + 2], now - window)
    local used
    if freed > 0 then used = redis.call('DECRBY', KEYS[k + 3], freed)
    else used = tonumber(redis.call('GET', KEYS[k + 3]) or '0') end
    if tokens > tpm then return {'fail', 'tpm', i, -1, 0, 0} end
    if used + tokens > tpm then
      local excess, retry = used + tokens - tpm, window
      local entries = redis.call('ZRANGE', KEYS[k + 2], 0, 999, 'WITHSCORES')
      for e = 1, #entries, 2 do
        excess = excess - amount_of(entries[e])
        if excess <= 0 then retry = tonumber(entries[e + 1]) + window - now break end
      end
      return {'fail', 'tpm', i, retry, 0, 0}
    end
  end
  if par > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[k + 4], '-inf', now)
    if redis.call('ZCARD', KEYS[k + 4]) >= par then
      local first = redis.call('ZRANGE', KEYS[k + 4], 0, 0, 'WITHSCORES')
      return {'fail', 'parallel', i, math.min(1000, tonumber(first[2]) - now), 0, 0}
    end
  end
end

for j = 1, nSpend do
  local counter, holds = KEYS[sKey + 2 * j - 1], KEYS[sKey + 2 * j]
  purge_holds(counter, holds)
  local v = redis.call('HMGET', counter, 'settled', 'reserved')
  local settled, reserved = tonumber(v[1] or '0'), tonumber(v[2] or '0')
  if settled + reserved + cost > tonumber(ARGV[sArg + 2 * j - 1]) then
    return {'fail', 'budget', j, -1, settled, reserved}
  end
end

for i = 1, nRate do
  local k, a = 4 * (i - 1), 7 + 3 * (i - 1)
  if tonumber(ARGV[a + 1]) > 0 then
    redis.call('ZADD', KEYS[k + 1], now, id)
    redis.call('PEXPIRE', KEYS[k + 1], window)
  end
  if tonumber(ARGV[a + 2]) > 0 and tokens > 0 then
    redis.call('ZADD', KEYS[k + 2], now, id .. '|' .. tokens)
    redis.call('INCRBY', KEYS[k + 3], tokens)
    redis.call('PEXPIRE', KEYS[k + 2], window)
    redis.call('PEXPIRE', KEYS[k + 3], window)
  end
  if tonumber(ARGV[a + 3]) > 0 then
    redis.call('ZADD', KEYS[k + 4], now + ttl, id)
    extend_key(KEYS[k + 4], ttl)
  end
end
if cost > 0 then
  for j = 1, nSpend do
    local counter, holds = KEYS[sKey + 2 * j - 1], KEYS[sKey + 2 * j]
    redis.call('ZADD', holds, now + ttl, id .. '|' .. cost)
    redis.call('HINCRBY', counter, 'reserved', cost)
    local expireAt = tonumber(ARGV[sArg + 2 * j])
    if expireAt > 0 then redis.call('PEXPIREAT', holds, expireAt) end
  end
end
return {'ok', now}
`;

/**
 * ARGV: id, reservedNano, actualNano, completionTokens, windowMs, nRate, nSpend, then tpm per rate
 * counter, then expireAtMs per spend counter. Returns the settled total of each spend counter.
 * A hold already lapsed (purged) is not released twice; the cost is counted either way.
 */
export const SETTLE_SCRIPT = `${PRELUDE}
local id, reserved, actual = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local completion, window = tonumber(ARGV[4]), tonumber(ARGV[5])
local nRate, nSpend = tonumber(ARGV[6]), tonumber(ARGV[7])
local sKey, sArg = 4 * nRate, 7 + nRate
for i = 1, nRate do
  local k = 4 * (i - 1)
  redis.call('ZREM', KEYS[k + 4], id)
  if completion > 0 and tonumber(ARGV[7 + i]) > 0 then
    redis.call('ZADD', KEYS[k + 2], now, id .. '|c|' .. completion)
    redis.call('INCRBY', KEYS[k + 3], completion)
    redis.call('PEXPIRE', KEYS[k + 2], window)
    redis.call('PEXPIRE', KEYS[k + 3], window)
  end
end
local out = {}
for j = 1, nSpend do
  local counter, holds = KEYS[sKey + 2 * j - 1], KEYS[sKey + 2 * j]
  if reserved > 0 and redis.call('ZREM', holds, id .. '|' .. reserved) == 1
     and redis.call('HEXISTS', counter, 'init') == 1 then
    redis.call('HINCRBY', counter, 'reserved', -reserved)
  end
  out[j] = redis.call('HINCRBY', counter, 'settled', actual)
  local expireAt = tonumber(ARGV[sArg + j])
  if expireAt > 0 and redis.call('PTTL', counter) == -1 then redis.call('PEXPIREAT', counter, expireAt) end
end
return out
`;

/**
 * ARGV: id, reservedNano, ttlMs, nRate, nSpend, then maxParallel per rate counter. Moves the
 * reservation's live parallel slots and spend holds to expire ttl from now; a lapsed one (scored
 * at or before now, purged or not) stays lapsed, so its amount is never counted twice.
 */
export const RENEW_SCRIPT = `${PRELUDE}
local id, reserved, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local nRate, nSpend = tonumber(ARGV[4]), tonumber(ARGV[5])
local function renew(key, member)
  local score = redis.call('ZSCORE', key, member)
  if not score or tonumber(score) <= now then return false end
  redis.call('ZADD', key, now + ttl, member)
  return true
end
for i = 1, nRate do
  local par = KEYS[4 * (i - 1) + 4]
  if tonumber(ARGV[5 + i]) > 0 and renew(par, id) then extend_key(par, ttl) end
end
if reserved > 0 then
  for j = 1, nSpend do renew(KEYS[4 * nRate + 2 * j], id .. '|' .. reserved) end
end
return 1
`;

/**
 * Initialises spend counters Redis has not seen (or lost): settled = max(what is there, what the
 * spend tables say), no holds (any left without their counter cannot be trusted). ARGV: per spend
 * counter settledNano, expireAtMs. Counters already initialised are left alone (another replica won).
 */
export const SEED_SCRIPT = `
local n = #KEYS / 2
for j = 1, n do
  local counter, holds = KEYS[2 * j - 1], KEYS[2 * j]
  if redis.call('HEXISTS', counter, 'init') == 0 then
    local current = tonumber(redis.call('HGET', counter, 'settled') or '0')
    local loaded = tonumber(ARGV[2 * j - 1])
    redis.call('HSET', counter, 'settled', math.max(current, loaded), 'reserved', 0, 'init', 1)
    redis.call('DEL', holds)
    local expireAt = tonumber(ARGV[2 * j])
    if expireAt > 0 then redis.call('PEXPIREAT', counter, expireAt) end
  end
end
return n
`;

/** ARGV: none. Returns {'seed', j…} or a flat list settled1, reserved1, settled2, … after purging lapsed holds. */
export const USAGE_SCRIPT = `${PRELUDE}
local n = #KEYS / 2
local missing = {}
for j = 1, n do
  if redis.call('HEXISTS', KEYS[2 * j - 1], 'init') == 0 then missing[#missing + 1] = j end
end
if #missing > 0 then return {'seed', unpack(missing)} end
local out = {}
for j = 1, n do
  purge_holds(KEYS[2 * j - 1], KEYS[2 * j])
  local v = redis.call('HMGET', KEYS[2 * j - 1], 'settled', 'reserved')
  out[#out + 1] = tonumber(v[1] or '0')
  out[#out + 1] = tonumber(v[2] or '0')
end
return out
`;
