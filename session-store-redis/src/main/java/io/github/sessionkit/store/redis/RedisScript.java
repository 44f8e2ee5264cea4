package io.github.sessionkit.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make every write atomic in one round trip. Each script acts on the keys of
 * one session (one hash slot), except {@link #RENAME}, which is used only outside a cluster.
 * Scripts are loaded with SCRIPT LOAD and called by SHA-1 with EVALSHA; after a NOSCRIPT error (a
 * restarted or failed-over server has an empty script cache) the store loads the script again and
 * repeats the call.
 *
 * <p>Common arguments: {@code ARGV[1]} is "now" in epoch milliseconds of the store's clock, {@code
 * ARGV[2]} the notification channel, {@code ARGV[3]} the notification payload. A script answers a
 * table whose first element is a status and second element is 1 when it met foreign or corrupt data
 * under the key. A record counts as absent once "now" reaches the earlier of {@code #a + #i} and
 * {@code #x}, whatever its Redis TTL says.
 *
 * <p>Hash layout: {@code #v} version, {@code #c} created, {@code #a} last accessed, {@code #i} idle
 * timeout, {@code #x} absolute deadline, {@code #p} principal (absent when anonymous), {@code #d}
 * deletion time of a tombstone, {@code #g} the cache generation the entry was written in (absent:
 * 0), {@code @name} one attribute each.
 */
enum RedisScript {
  INSERT(
      """
      local st = state(KEYS[1])
      if st == 'live' then return {0, 0} end
      if st ~= 'none' then redis.call('DEL', KEYS[1]) end
      hsetall(KEYS[1], 5, #ARGV)
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      return {1, flag(st)}
      """),

  /**
   * ARGV[4] access time, ARGV[5] idle timeout, ARGV[6] principal mode ({@code k} keep, {@code s}
   * set to ARGV[7], {@code n} none), ARGV[8] the caller's base version (0: none), ARGV[9] the
   * number of attributes set, then name/value pairs, then names to remove. When the stored version
   * was the base, the reply is {@code {1, 0, old principal, false, new version, access time}},
   * since the caller can apply the delta itself; otherwise the fourth element is the whole merged
   * hash.
   */
  MERGE(
      """
      local key = KEYS[1]
      local st, m = state(key)
      if st ~= 'live' then return {0, flag(st)} end
      local a, na = m[2], m.a
      local arg_a = int(ARGV[4])
      if arg_a > na then a, na = ARGV[4], arg_a end
      local e = na + int(ARGV[5])
      if m.x < e then e = m.x end
      if now >= e then
        redis.call('DEL', key)
        redis.call('PUBLISH', ARGV[2], ARGV[3])
        return {0, 0}
      end
      local v = str(m.v + 1)
      apply(key, v, a, ARGV[5], 6, 9)
      redis.call('PEXPIRE', key, ms(e - now))
      redis.call('PUBLISH', ARGV[2], ARGV[3] .. ':' .. v .. ':' .. str(na))
      if m.v == tonumber(ARGV[8]) then return {1, 0, m[8], false, v, str(na)} end
      return {1, 0, m[8], redis.call('HGETALL', key)}
      """),

  COMPARE_AND_SET(
      """
      local st, m = state(KEYS[1])
      if st ~= 'live' then return {0, flag(st)} end
      if m.v ~= tonumber(ARGV[4]) then return {2, 0} end
      local old = m[8]
      redis.call('DEL', KEYS[1])
      if tonumber(ARGV[5]) > 0 then
        hsetall(KEYS[1], 6, #ARGV)
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
      end
      redis.call('PUBLISH', ARGV[2], ARGV[3])
      return {1, 0, old, m[4]}
      """),

  /**
   * ARGV[4] version, ARGV[5] TTL, ARGV[6] the writer's generation, ARGV[7] 1 to announce the write
   * even where no live copy was replaced (it carries a change of the record of truth), fields from
   * ARGV[8]. A live copy of an older generation is replaced whatever its version (it may have been
   * restored from a snapshot); the entry keeps the higher of its generation and the writer's. The
   * fifth reply element is 1 when a live copy of the writer's generation (or a later one) was
   * replaced, 0 when the entry was created or replaced a copy of an older generation.
   */
  PUT_IF_NEWER(
      """
      local st, m = state(KEYS[1])
      if st == 'tomb' then return {0, 0} end
      local g = tonumber(ARGV[6])
      local current = st == 'live' and m.g >= g
      if current and m.v >= tonumber(ARGV[4]) then return {0, 0} end
      local old, old_x = false, false
      if st == 'live' or st == 'expired' then
        old, old_x = m[8], m[4]
      end
      if st ~= 'none' then redis.call('DEL', KEYS[1]) end
      hsetall(KEYS[1], 8, #ARGV)
      if st == 'live' and m.g > g then g = m.g end
      if g > 0 then redis.call('HSET', KEYS[1], '#g', str(g)) end
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      if st == 'live' or ARGV[7] == '1' then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
      return {1, flag(st), old, old_x, current and 1 or 0}
      """),

  /**
   * A cache write of a change the record of truth applied: ARGV[4] the new version, ARGV[5] TTL,
   * ARGV[6] the writer's generation, ARGV[7] access time, ARGV[8] idle timeout, ARGV[9] principal
   * mode and ARGV[10] principal (as for {@link #MERGE}), ARGV[11] the number of attributes set,
   * then name/value pairs, then names to remove. Applied where a live copy of the writer's
   * generation holds exactly the version before; status 0 when the copy is already that new (or a
   * tombstone), 3 when the whole record must be written instead.
   */
  APPLY_CHANGE(
      """
      local key = KEYS[1]
      local st, m = state(key)
      if st == 'tomb' then return {0, 0} end
      local target = tonumber(ARGV[4])
      if st ~= 'live' or m.g < tonumber(ARGV[6]) or m.v < target - 1 then return {3, flag(st)} end
      if m.v >= target then return {0, 0} end
      local a = m[2]
      if int(ARGV[7]) > m.a then a = ARGV[7] end
      apply(key, ARGV[4], a, ARGV[8], 9, 11)
      redis.call('PEXPIRE', key, ARGV[5])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
      return {1, 0, m[8], m[4]}
      """),

  /** ARGV[4] access time, ARGV[5] the writer's generation: a copy of an older one is left alone. */
  TOUCH(
      """
      local st, m = state(KEYS[1])
      if st ~= 'live' then return {0, flag(st)} end
      if m.g < tonumber(ARGV[5]) then return {0, 0} end
      local a = int(ARGV[4])
      if a > m.a then
        redis.call('HSET', KEYS[1], '#a', ARGV[4])
        local e = a + m.i
        if m.x < e then e = m.x end
        redis.call('PEXPIRE', KEYS[1], ms(e - now))
        redis.call('PUBLISH', ARGV[2], ARGV[3] .. ':' .. str(m.v) .. ':' .. ARGV[4])
      end
      return {1, 0}
      """),

  /**
   * Leaves a tombstone even where the key is absent (evicted, never cached, lost in a restart), so
   * a cache fill racing the deletion cannot bring the session back.
   */
  DELETE(
      """
      local st, m = state(KEYS[1])
      if st == 'tomb' then return {0, 0} end
      local old, old_x = false, false
      if st == 'live' or st == 'expired' then
        old, old_x = m[8], m[4]
      end
      bury(KEYS[1], ARGV[4])
      if st == 'live' then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
      return {st == 'live' and 1 or 0, flag(st), old, old_x}
      """),

  /** Atomic id rotation outside a cluster: KEYS[1] from, KEYS[2] to. RENAME keeps the TTL. */
  RENAME(
      """
      local st, m = state(KEYS[1])
      if st ~= 'live' then
        local old = false
        if st == 'expired' then
          old = m[8]
          bury(KEYS[1], ARGV[4])
        end
        return {0, flag(st), old}
      end
      local st2 = state(KEYS[2])
      if st2 == 'live' then return {3, 0} end
      local old = m[8]
      redis.call('RENAME', KEYS[1], KEYS[2])
      bury(KEYS[1], ARGV[4])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
      return {1, flag(st2), old, m[4]}
      """),

  /** First step of a rotation in a cluster: the whole live record, or why there is none. */
  SNAPSHOT(
      """
      local st, m = state(KEYS[1])
      if st ~= 'live' then
        local old = false
        if st == 'expired' then
          old = m[8]
          bury(KEYS[1], ARGV[4])
        end
        return {0, flag(st), old}
      end
      return {1, 0, false, redis.call('HGETALL', KEYS[1])}
      """),

  /** Last step of a rotation in a cluster: removes the old key if its version is still ARGV[5]. */
  RETIRE(
      """
      local st, m = state(KEYS[1])
      if st ~= 'live' then return {0, flag(st)} end
      if m.v ~= tonumber(ARGV[5]) then return {2, 0} end
      bury(KEYS[1], ARGV[4])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
      return {1, 0}
      """),

  /**
   * Deletes a session only if it is expired at ARGV[1], so concurrent purgers never delete twice.
   */
  PURGE(
      """
      local st, m = state(KEYS[1])
      if st ~= 'expired' then return {0, flag(st)} end
      local old = m[8]
      redis.call('DEL', KEYS[1])
      return {1, 0, old, str(m.e)}
      """),

  /**
   * Maintains a principal index (a sorted set of session hashes scored by their absolute deadline):
   * drops members whose deadline has passed, applies {@code + member score} and {@code - member}
   * operations from ARGV[2] on, and lets the key expire with its last member.
   */
  INDEX(
      """
      local key = KEYS[1]
      local t = redis.call('TYPE', key)['ok']
      local bad = 0
      if t ~= 'none' and t ~= 'zset' then
        redis.call('DEL', key)
        bad = 1
      end
      redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
      local i = 2
      while i <= #ARGV do
        if ARGV[i] == '+' then
          redis.call('ZADD', key, ARGV[i + 2], ARGV[i + 1])
          i = i + 3
        else
          redis.call('ZREM', key, ARGV[i + 1])
          i = i + 2
        end
      end
      local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
      if #top == 0 then return {1, bad} end
      local x = tonumber(top[2])
      if x >= 1e15 then
        redis.call('PERSIST', key)
      else
        redis.call('PEXPIRE', key, ms(x - now))
      end
      return {1, bad}
      """);

  /** Helpers shared by every script; {@code state} classifies what is stored under a key. */
  private static final String PRELUDE =
      """
      local now = tonumber(ARGV[1])
      local function int(s)
        if s and string.match(s, '^%-?%d+$') then return tonumber(s) end
        return nil
      end
      local function str(n)
        return string.format('%.0f', n)
      end
      local function ms(n)
        if n > 1e15 then n = 1e15 end
        if n < 1 then n = 1 end
        return string.format('%.0f', n)
      end
      local function flag(st)
        if st == 'corrupt' then return 1 end
        return 0
      end
      local function state(key)
        local m = redis.pcall('HMGET', key, '#v', '#a', '#i', '#x', '#c', '#d', '#g', '#p')
        if m.err then return 'corrupt' end
        if not (m[1] or m[2] or m[3] or m[4] or m[5] or m[6]) then
          if redis.call('EXISTS', key) == 0 then return 'none' end
          return 'corrupt'
        end
        if m[6] then return 'tomb' end
        m.g = int(m[7]) or 0
        local v, a, i, x, c = int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5])
        if not (v and a and i and x and c) or v < 1 or i <= 0 then return 'corrupt' end
        local e = a + i
        if x < e then e = x end
        m.v, m.a, m.i, m.x, m.e = v, a, i, x, e
        if now >= e then return 'expired', m end
        return 'live', m
      end
      local function hsetall(key, from, to)
        local i = from
        while i <= to do
          local j = i + 199
          if j > to then j = to end
          redis.call('HSET', key, unpack(ARGV, i, j))
          i = j + 1
        end
      end
      local function hdelall(key, from, to)
        local i = from
        while i <= to do
          local j = i + 199
          if j > to then j = to end
          redis.call('HDEL', key, unpack(ARGV, i, j))
          i = j + 1
        end
      end
      -- Applies a change: version v, access time a, idle timeout; ARGV[mode] is the principal
      -- mode (k keep, s set to ARGV[mode + 1], n none), ARGV[count] the number of attributes
      -- set, then their name/value pairs, then the names to remove, to the end of ARGV.
      local function apply(key, v, a, idle, mode, count)
        local meta = {'#v', v, '#a', a, '#i', idle}
        if ARGV[mode] == 's' then
          meta[7] = '#p'
          meta[8] = ARGV[mode + 1]
        end
        redis.call('HSET', key, unpack(meta))
        local last_up = count + 2 * tonumber(ARGV[count])
        hsetall(key, count + 1, last_up)
        hdelall(key, last_up + 1, #ARGV)
        if ARGV[mode] == 'n' then redis.call('HDEL', key, '#p') end
      end
      local function bury(key, ttl)
        redis.call('DEL', key)
        if tonumber(ttl) > 0 then
          redis.call('HSET', key, '#d', ARGV[1])
          redis.call('PEXPIRE', key, ttl)
        end
      end
      """;

  private final String source;
  private final String sha;

  RedisScript(String body) {
    this.source = PRELUDE + body;
    this.sha = sha1(source);
  }

  String source() {
    return source;
  }

  /** The SHA-1 Redis knows the script by, computed locally so no round trip is needed. */
  String sha() {
    return sha;
  }

  private static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }
}
