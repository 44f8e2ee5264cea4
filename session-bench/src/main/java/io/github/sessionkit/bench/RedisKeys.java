package io.github.sessionkit.bench;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Clean-up of the keys a benchmark wrote on a Redis server it may share with others. */
public final class RedisKeys {

  private RedisKeys() {}

  /**
   * Deletes every key matching the glob, a page of {@code SCAN} at a time, so nothing else on the
   * server is touched and no single command blocks it.
   *
   * @return how many keys were deleted
   */
  public static long deleteMatching(Jedis jedis, String pattern) {
    ScanParams params = new ScanParams().match(pattern).count(1_000);
    String cursor = ScanParams.SCAN_POINTER_START;
    long deleted = 0;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      List<String> keys = page.getResult();
      if (!keys.isEmpty()) {
        deleted += jedis.unlink(keys.toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return deleted;
  }
}
