package io.github.sessionkit.bench.load;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What each virtual user does, over and over, until its time is up. */
enum Scenario {
  LOGIN_CHECK_LOGOUT(
      "login-check-logout",
      "a new session each round: login, " + LoginCheckLogout.CHECKS + " checks, logout") {
    @Override
    <L> Script newScript(VirtualUser<L> user) {
      return new LoginCheckLogout<>(user);
    }
  },
  HEAVY_USE(
      "heavy-use",
      "one long session per user: check, refresh (a longer idle timeout), api-call (two attributes"
          + " changed); logout and login again every "
          + HeavyUse.RELOGIN_EVERY
          + " rounds") {
    @Override
    <L> Script newScript(VirtualUser<L> user) {
      return new HeavyUse<>(user);
    }
  },
  CACHE_BURST(
      "cache-burst",
      "bursts of " + CacheBurst.BURST + " hot-finds on a few hot sessions that every user reads") {
    @Override
    <L> Script newScript(VirtualUser<L> user) {
      return new CacheBurst<>(user);
    }

    @Override
    boolean needsHotSessions() {
      return true;
    }
  },
  MIXED(
      "mixed",
      "each round one of the others, weighted: heavy-use 50%, login-check-logout 30%, cache-burst"
          + " 20%") {
    @Override
    <L> Script newScript(VirtualUser<L> user) {
      return new Mixed<>(user);
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

  abstract <L> Script newScript(VirtualUser<L> user);

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

  static final class LoginCheckLogout<L> implements Script {
    static final int CHECKS = 3;
    private final VirtualUser<L> user;

    LoginCheckLogout(VirtualUser<L> user) {
      this.user = user;
    }

    @Override
    public void iterate() {
      L login = user.login(LOGIN_CHECK_LOGOUT);
      if (login == null) {
        return;
      }
      for (int i = 0; i < CHECKS; i++) {
        user.timed(LOGIN_CHECK_LOGOUT, Operation.CHECK, a -> a.check(login));
      }
      user.timed(LOGIN_CHECK_LOGOUT, Operation.LOGOUT, a -> a.logout(login));
    }
  }

  static final class HeavyUse<L> implements Script {
    static final int RELOGIN_EVERY = 50;
    private final VirtualUser<L> user;
    private @Nullable L login;
    private int rounds;

    HeavyUse(VirtualUser<L> user) {
      this.user = user;
    }

    @Override
    public void iterate() {
      if (login == null) {
        login = user.login(HEAVY_USE);
        if (login == null) {
          return;
        }
      }
      L current = login;
      boolean found = user.timed(HEAVY_USE, Operation.CHECK, a -> a.check(current));
      user.timed(HEAVY_USE, Operation.REFRESH, a -> a.refresh(current));
      user.timed(HEAVY_USE, Operation.API_CALL, a -> a.apiCall(current));
      if (!found) {
        // Lost (expired, evicted, or the store failed): log in again next round.
        login = null;
      } else if (++rounds % RELOGIN_EVERY == 0) {
        user.timed(HEAVY_USE, Operation.LOGOUT, a -> a.logout(current));
        login = null;
      }
    }

    @Override
    public void finish() {
      if (login != null) {
        user.logoutQuietly(login);
        login = null;
      }
    }
  }

  static final class CacheBurst<L> implements Script {
    static final int BURST = 20;
    private final VirtualUser<L> user;

    CacheBurst(VirtualUser<L> user) {
      this.user = user;
    }

    @Override
    public void iterate() {
      for (int i = 0; i < BURST; i++) {
        user.timed(CACHE_BURST, Operation.HOT_FIND, UserActions::hotFind);
      }
    }
  }

  static final class Mixed<L> implements Script {
    private final VirtualUser<L> user;
    private final Script loginCheckLogout;
    private final Script heavyUse;
    private final Script cacheBurst;

    Mixed(VirtualUser<L> user) {
      this.user = user;
      this.loginCheckLogout = new LoginCheckLogout<>(user);
      this.heavyUse = new HeavyUse<>(user);
      this.cacheBurst = new CacheBurst<>(user);
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
