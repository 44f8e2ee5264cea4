package io.github.sessionkit.bench.load;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What each virtual user does, over and over, until its time is up. */
enum Scenario {
  LOGIN_CHECK_LOGOUT("login-check-logout",
      "login (create with a principal, save), " + LoginCheckLogout.CHECKS + " checks (find), logout (invalidate)") {
    @Override
    Script newScript(VirtualUser user) {
      return new LoginCheckLogout(user);
    }
  },
  HEAVY_USE("heavy-use",
      "one long session per user: check, refresh (longer idle timeout, save), api-call (change attributes, save);"
          + " logout and login again every " + HeavyUse.RELOGIN_EVERY + " rounds") {
    @Override
    Script newScript(VirtualUser user) {
      return new HeavyUse(user);
    }
  },
  CACHE_BURST("cache-burst", "bursts of " + CacheBurst.BURST + " hot-finds on a few hot sessions that every user reads") {
    @Override
    Script newScript(VirtualUser user) {
      return new CacheBurst(user);
    }

    @Override
    boolean needsHotSessions() {
      return true;
    }
  },
  MIXED("mixed", "each round one of the others, weighted: heavy-use 50%, login-check-logout 30%, cache-burst 20%") {
    @Override
    Script newScript(VirtualUser user) {
      return new Mixed(user);
    }

    @Override
    boolean needsHotSessions() {
      return true;
    }
  };

  /** One virtual user's behaviour; used by one thread. */
  interface Script {
    /** One round of the scenario. Never throws: failed operations are recorded. */
    void iterate();

    /** Cleans up after the last round (not measured). */
    default void finish() {}
  }

  private final String label;
  private final String description;

  Scenario(String label, String description) {
    this.label = label;
    this.description = description;
  }

  String label() {
    return label;
  }

  String description() {
    return description;
  }

  abstract Script newScript(VirtualUser user);

  /** Whether the run must create the shared hot sessions first. */
  boolean needsHotSessions() {
    return false;
  }

  static Optional<Scenario> byLabel(String label) {
    for (Scenario s : values()) {
      if (s.label.equals(label)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  static final class LoginCheckLogout implements Script {
    static final int CHECKS = 3;
    private final VirtualUser user;

    LoginCheckLogout(VirtualUser user) {
      this.user = user;
    }

    @Override
    public void iterate() {
      if (!user.timed(Operation.LOGIN, user::login)) {
        return;
      }
      String id = Objects.requireNonNull(user.lastSessionId());
      for (int i = 0; i < CHECKS; i++) {
        user.timed(Operation.CHECK, () -> user.check(id));
      }
      user.timed(Operation.LOGOUT, () -> user.logout(id));
    }
  }

  static final class HeavyUse implements Script {
    static final int RELOGIN_EVERY = 50;
    private final VirtualUser user;
    private @Nullable String id;
    private int rounds;

    HeavyUse(VirtualUser user) {
      this.user = user;
    }

    @Override
    public void iterate() {
      if (id == null) {
        if (!user.timed(Operation.LOGIN, user::login)) {
          return;
        }
        id = user.lastSessionId();
      }
      String current = Objects.requireNonNull(id);
      boolean found = user.timed(Operation.CHECK, () -> user.check(current));
      user.timed(Operation.REFRESH, () -> user.refresh(current));
      user.timed(Operation.API_CALL, () -> user.apiCall(current));
      if (!found) {
        // Lost (expired, evicted, or the store failed): log in again next round.
        id = null;
      } else if (++rounds % RELOGIN_EVERY == 0) {
        user.timed(Operation.LOGOUT, () -> user.logout(current));
        id = null;
      }
    }

    @Override
    public void finish() {
      if (id != null) {
        user.logoutQuietly(id);
        id = null;
      }
    }
  }

  static final class CacheBurst implements Script {
    static final int BURST = 20;
    private final VirtualUser user;

    CacheBurst(VirtualUser user) {
      this.user = user;
    }

    @Override
    public void iterate() {
      for (int i = 0; i < BURST; i++) {
        String id = user.hotSession();
        user.timed(Operation.HOT_FIND, () -> user.check(id));
      }
    }
  }

  static final class Mixed implements Script {
    private final VirtualUser user;
    private final Script loginCheckLogout;
    private final Script heavyUse;
    private final Script cacheBurst;

    Mixed(VirtualUser user) {
      this.user = user;
      this.loginCheckLogout = new LoginCheckLogout(user);
      this.heavyUse = new HeavyUse(user);
      this.cacheBurst = new CacheBurst(user);
    }

    @Override
    public void iterate() {
      int dice = user.random().nextInt(100);
      Script next = dice < 50 ? heavyUse : dice < 80 ? loginCheckLogout : cacheBurst;
      next.iterate();
    }

    @Override
    public void finish() {
      heavyUse.finish();
    }
  }
}
