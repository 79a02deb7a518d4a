/**
 * The Lua scripts of the Redis store and event hub. Each runs atomically inside Redis, which
 * is what makes a check-then-write safe across backend instances. A TTL argument of `-1`
 * means "no expiry". Times for slot deadlines come from Redis' own clock (`TIME`), so
 * instances with skewed clocks still agree on when a slot lapses.
 */

/** A script and the name it is logged under. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
}

const script = (name: string, source: string): LuaScript => ({ name, source: source.trim() });

/**
 * The guard's admission (see `Reservation`). KEYS: absent…, counters…, slots…, claims…,
 * [record, index]. ARGV: counts (absent, counters, slots, claims, hasRecord), then per absent
 * `code`, per counter `limit code ttl`, per slot `member limit code ttl`, per claim
 * `value ttl`, then `recordJson recordTtl recordId`. Returns `{1}` or `{0, code, pttl}`.
 */
export const RESERVE = script(
  'reserve',
  `
local na, nc, ns, ncl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local hasRecord = ARGV[5] == '1'
local function life(key)
  local p = redis.call('PTTL', key)
  if p < 0 then return -1 end
  return p
end
local k, a = 0, 5
for i = 1, na do
  k = k + 1; a = a + 1
  if redis.call('EXISTS', KEYS[k]) == 1 then return {0, ARGV[a], life(KEYS[k])} end
end
local k0, a0 = k, a
for i = 1, nc do
  k = k + 1
  local limit, code = tonumber(ARGV[a + 1]), ARGV[a + 2]
  a = a + 3
  if tonumber(redis.call('GET', KEYS[k]) or '0') + 1 > limit then
    return {0, code, life(KEYS[k])}
  end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, ns do
  k = k + 1
  local member, limit, code = ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3]
  a = a + 4
  redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', now)
  if not redis.call('ZSCORE', KEYS[k], member) and redis.call('ZCARD', KEYS[k]) + 1 > limit then
    local first = redis.call('ZRANGE', KEYS[k], 0, 0, 'WITHSCORES')
    return {0, code, math.max(0, tonumber(first[2]) - now)}
  end
end
k, a = k0, a0
for i = 1, nc do
  k = k + 1
  local ttl = tonumber(ARGV[a + 3])
  a = a + 3
  local existed = redis.call('EXISTS', KEYS[k])
  redis.call('INCR', KEYS[k])
  if existed == 0 and ttl >= 0 then redis.call('PEXPIRE', KEYS[k], ttl) end
end
for i = 1, ns do
  k = k + 1
  local member, ttl = ARGV[a + 1], tonumber(ARGV[a + 4])
  a = a + 4
  redis.call('ZADD', KEYS[k], now + ttl, member)
  -- The set lives as long as its last member.
  if redis.call('PTTL', KEYS[k]) < ttl then redis.call('PEXPIRE', KEYS[k], ttl) end
end
for i = 1, ncl do
  k = k + 1
  local value, ttl = ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 2
  if ttl >= 0 then redis.call('SET', KEYS[k], value, 'PX', ttl) else redis.call('SET', KEYS[k], value) end
end
if hasRecord then
  redis.call('SET', KEYS[k + 1], ARGV[a + 1], 'PX', ARGV[a + 2])
  redis.call('SADD', KEYS[k + 2], ARGV[a + 3])
end
return {1}
`,
);

/**
 * The guard's release (see `Release`), in one step so a start racing an end never sees the
 * lock gone before the cooldown is set. KEYS: slots…, claims…, values…, [allowance, then],
 * refunds…. ARGV: counts (slots, claims, values, hasAllowance, refunds), then per slot
 * `member`, per claim `value`, per value `value ttl`, then `limit ttl thenValue thenTtl`.
 */
export const RELEASE = script(
  'release',
  `
local ns, nc, nv, na, nr = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
local k, a = 0, 5
local held = false
for i = 1, ns do
  k = k + 1; a = a + 1
  local removed = redis.call('ZREM', KEYS[k], ARGV[a])
  if i == 1 then held = removed == 1 end
end
for i = 1, nc do
  k = k + 1; a = a + 1
  if redis.call('GET', KEYS[k]) == ARGV[a] then redis.call('DEL', KEYS[k]) end
end
for i = 1, nv do
  k = k + 1
  redis.call('SET', KEYS[k], ARGV[a + 1], 'PX', ARGV[a + 2])
  a = a + 2
end
if na then
  local count = redis.call('INCR', KEYS[k + 1])
  if count == 1 then redis.call('PEXPIRE', KEYS[k + 1], ARGV[a + 2]) end
  if count > tonumber(ARGV[a + 1]) then redis.call('SET', KEYS[k + 2], ARGV[a + 3], 'PX', ARGV[a + 4]) end
  k = k + 2; a = a + 4
end
if held then
  for i = 1, nr do
    k = k + 1
    if tonumber(redis.call('GET', KEYS[k]) or '0') > 0 then redis.call('DECR', KEYS[k]) end
  end
end
return 1
`,
);

/** KEYS: record, index. ARGV: json, ttl, id. A record and its index entry, together. */
export const PUT_RECORD = script(
  'put-record',
  `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return 1
`,
);

/**
 * KEYS: record. ARGV: expected json, new json, ttl. Compare-and-set for `update`: the JS
 * side read `expected`, ran `mutate`, and writes only if nobody wrote in between.
 */
export const SWAP_RECORD = script(
  'swap-record',
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`,
);

/** KEYS: record, index. ARGV: id. */
export const DELETE_RECORD = script(
  'delete-record',
  `
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`,
);

/** KEYS: index, record…. ARGV: id… (same order). Drops index entries whose record expired. */
export const PRUNE_INDEX = script(
  'prune-index',
  `
local n = 0
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    n = n + redis.call('SREM', KEYS[1], ARGV[i - 1])
  end
end
return n
`,
);

/** KEYS: key. ARGV: by, ttl. The TTL applies only when the key is created. */
export const INCREMENT = script(
  'increment',
  `
local existed = redis.call('EXISTS', KEYS[1])
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) >= 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v
`,
);

/** KEYS: key. ARGV: value. Deletes only while the key still holds `value`. */
export const DELETE_IF = script(
  'delete-if',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);

/*
 * Event hub. Per session: a capped list of `seq\njson` entries (the replay buffer), a
 * sequence counter, the highest seq handed to any browser, a closed flag, and a pub/sub
 * channel that carries the same entries (or `close`) to every instance.
 */

/**
 * KEYS: list, seq, closed. ARGV: json, cap, ttl, channel. Appends and publishes in one step,
 * so the buffer order is the delivery order. Returns the seq, or 0 when the session closed.
 */
export const PUBLISH_EVENT = script(
  'publish-event',
  `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[2])
local entry = seq .. '\\n' .. ARGV[1]
redis.call('RPUSH', KEYS[1], entry)
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[4], entry)
return seq
`,
);

/** KEYS: closed. ARGV: ttl, channel. */
export const CLOSE_EVENTS = script(
  'close-events',
  `
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('PUBLISH', ARGV[2], 'close')
return 1
`,
);

/**
 * KEYS: list, delivered, closed, seq. ARGV: lastEventId ('' for none), ttl. What a new
 * connection must be sent: the entries after `Last-Event-ID` (all of them when that id fell
 * out of the buffer), or else the entries no connection has had yet; marks everything up to
 * the current seq delivered. Returns `{currentSeq, closed, entries}`.
 */
export const REPLAY_EVENTS = script(
  'replay-events',
  `
local entries = redis.call('LRANGE', KEYS[1], 0, -1)
local delivered = tonumber(redis.call('GET', KEYS[2]) or '0')
local function split(e)
  local nl = string.find(e, '\\n', 1, true)
  return tonumber(string.sub(e, 1, nl - 1)), string.sub(e, nl + 1)
end
local from = delivered
if ARGV[1] ~= '' then
  from = 0
  for _, e in ipairs(entries) do
    local seq, json = split(e)
    local ok, event = pcall(cjson.decode, json)
    if ok and type(event) == 'table' and event.id == ARGV[1] then from = seq end
  end
end
local out = {}
for _, e in ipairs(entries) do
  if split(e) > from then out[#out + 1] = e end
end
local current = tonumber(redis.call('GET', KEYS[4]) or '0')
if current > delivered then redis.call('SET', KEYS[2], current, 'PX', ARGV[2]) end
return {current, redis.call('EXISTS', KEYS[3]), out}
`,
);

/** KEYS: delivered. ARGV: seq, ttl. Raises the delivered mark, never lowers it. */
export const MARK_DELIVERED = script(
  'mark-delivered',
  `
if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1
`,
);
