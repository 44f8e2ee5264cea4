/** The Redis session store ({@code redis://}, {@code rediss://}, Sentinel, Cluster). */
module io.github.sessionkit.store.redis {
  requires transitive io.github.sessionkit.core;
  requires redis.clients.jedis; // automatic module (Jedis' Automatic-Module-Name)
  requires org.apache.commons.pool2; // automatic module: Jedis' pool configuration
  requires org.slf4j;

  exports io.github.sessionkit.store.redis;

  provides io.github.sessionkit.spi.SessionStoreProvider with
      io.github.sessionkit.store.redis.RedisSessionStoreProvider;
}
