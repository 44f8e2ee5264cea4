package io.github.sessionkit.testkit.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

  /** Generous bound for anything that should happen "promptly" on loopback. */
  private static final int PROMPT_MILLIS = 3_000;

  private static EchoServer echo;

  private FaultProxy proxy;
  private final List<Socket> clients = new ArrayList<>();

  @BeforeAll
  static void startEchoServer() throws IOException {
    echo = new EchoServer();
  }

  @AfterAll
  static void stopEchoServer() throws IOException {
    echo.close();
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.start("127.0.0.1", echo.port());
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    proxy.close();
  }

  @Test
  void passForwardsBothWaysInOrder() throws Exception {
    Socket client = connect();
    assertThat(roundTrip(client, "hello")).isEqualTo("hello");

    byte[] payload = new byte[1024 * 1024];
    new Random(42).nextBytes(payload);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                client.getOutputStream().write(payload);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    byte[] echoed = readExactly(client, payload.length);
    writer.get(PROMPT_MILLIS, TimeUnit.MILLISECONDS);

    assertThat(Arrays.equals(echoed, payload)).as("1 MiB echoed unchanged and in order").isTrue();
    assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.PASS);
  }

  @Test
  void countsConnectionsAndBytesAndForwardsHalfClose() throws Exception {
    Socket client = connect();
    byte[] payload = new byte[1000];
    client.getOutputStream().write(payload);
    client.shutdownOutput();

    // The echo server sees end of stream only if the proxy forwarded the half-close, and closes in
    // turn.
    assertThat(readExactly(client, 1000)).hasSize(1000);
    assertThat(client.getInputStream().read()).isEqualTo(-1);

    awaitTrue(
        () -> proxy.bytesToTarget() == 1000 && proxy.bytesFromTarget() == 1000,
        "byte counters reach 1000");
    awaitTrue(() -> proxy.activeConnections() == 0, "finished connection is released");
    connect();
    awaitTrue(() -> proxy.activeConnections() == 1, "second connection is active");
    assertThat(proxy.connectionsAccepted()).isEqualTo(2);
  }

  @Test
  void delayAddsLatencyInEachDirectionOnExistingAndNewConnections() throws Exception {
    Duration delay = Duration.ofMillis(200);
    long minimumRoundTrip = 2 * delay.toMillis();
    Socket existing = connect();
    roundTrip(existing, "warm-up");

    proxy.delay(delay);

    assertThat(timedRoundTrip(existing, "a"))
        .isBetween(minimumRoundTrip, minimumRoundTrip + PROMPT_MILLIS);
    Socket fresh = connect();
    assertThat(timedRoundTrip(fresh, "b"))
        .isBetween(minimumRoundTrip, minimumRoundTrip + PROMPT_MILLIS);

    proxy.pass();
    assertThat(timedRoundTrip(existing, "c")).isLessThan(minimumRoundTrip);
  }

  @Test
  void leavingDelayReleasesWaitingChunksAtOnce() throws Exception {
    Socket client = connect();
    roundTrip(client, "warm-up");
    proxy.delay(Duration.ofSeconds(30));
    long start = System.nanoTime();
    client.getOutputStream().write("x".getBytes(US_ASCII));

    proxy.pass();

    assertThat(new String(readExactly(client, 1), US_ASCII)).isEqualTo("x");
    assertThat(millisSince(start)).isLessThan(PROMPT_MILLIS);
  }

  @Test
  void blackHoleHangsOpenConnectionsHoldsTheirBytesAndHealsForNewConnections() throws Exception {
    Socket existing = connect();
    roundTrip(existing, "warm-up");
    // The echo can reach the client a moment before the forwarding thread updates its counter.
    awaitTrue(() -> proxy.bytesToTarget() == 7, "warm-up counted");

    proxy.blackHole();
    Socket fresh = connect();
    existing.getOutputStream().write("ping1".getBytes(US_ASCII));
    fresh.getOutputStream().write("ping2".getBytes(US_ASCII));

    assertReadTimesOut(existing);
    assertReadTimesOut(fresh);
    assertThat(existing.isClosed() || existing.isInputShutdown()).isFalse();
    awaitTrue(() -> proxy.activeConnections() == 2, "both connections stay open");
    assertThat(proxy.bytesToTarget()).as("nothing reached the server").isEqualTo(7);

    proxy.pass();

    Socket healed = connect();
    assertThat(roundTrip(healed, "after")).isEqualTo("after");
    // Documented: bytes sent into the black hole are held and delivered in order once healed.
    assertThat(new String(readExactly(existing, 5), US_ASCII)).isEqualTo("ping1");
    assertThat(new String(readExactly(fresh, 5), US_ASCII)).isEqualTo("ping2");
  }

  @Test
  void resetSendsRstToExistingConnectionsAndResetsNewOnes() throws Exception {
    Socket existing = connect();
    roundTrip(existing, "warm-up");

    proxy.reset();

    assertThatThrownBy(() -> existing.getInputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
    assertThat(proxy.activeConnections()).isZero();
    Socket fresh = connect();
    assertClosedOrReset(fresh);

    proxy.pass();
    assertThat(roundTrip(connect(), "healed")).isEqualTo("healed");
    assertThat(proxy.connectionsAccepted()).isEqualTo(3);
  }

  @Test
  void resetDuringBlackHoleStillResetsTheHeldConnection() throws Exception {
    Socket client = connect();
    roundTrip(client, "warm-up");
    proxy.blackHole();
    client.getOutputStream().write("held".getBytes(US_ASCII));

    proxy.reset();

    assertThatThrownBy(() -> client.getInputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
  }

  @Test
  void refuseStopsListeningAndPassListensAgainOnTheSamePort() throws Exception {
    Socket existing = connect();
    roundTrip(existing, "warm-up");

    proxy.refuse();

    assertClosedOrReset(existing);
    assertThatThrownBy(() -> new Socket(proxy.host(), proxy.port()).close())
        .isInstanceOf(ConnectException.class);
    assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.REFUSE);

    proxy.pass();
    assertThat(roundTrip(connect(), "back")).isEqualTo("back");
  }

  @Test
  void closeAllConnectionsEndsCurrentConnectionsNormallyAndKeepsServing() throws Exception {
    Socket first = connect();
    Socket second = connect();
    roundTrip(first, "one");
    roundTrip(second, "two");

    proxy.closeAllConnections();

    first.setSoTimeout(PROMPT_MILLIS);
    second.setSoTimeout(PROMPT_MILLIS);
    assertThat(first.getInputStream().read()).isEqualTo(-1);
    assertThat(second.getInputStream().read()).isEqualTo(-1);
    assertThat(proxy.activeConnections()).isZero();
    assertThat(roundTrip(connect(), "three")).isEqualTo("three");
  }

  @Test
  void unreachableTargetResetsTheClientPromptly() throws Exception {
    int deadPort;
    try (ServerSocket reserved = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = reserved.getLocalPort();
    }
    try (FaultProxy toNowhere = FaultProxy.start("127.0.0.1", deadPort)) {
      Socket client = track(new Socket(toNowhere.host(), toNowhere.port()));
      assertClosedOrReset(client);
      awaitTrue(() -> toNowhere.activeConnections() == 0, "failed connection is released");
    }
  }

  @Test
  void closeReleasesThePortAndEveryThread() throws Exception {
    String threadPrefix = "sessionkit-fault-proxy-" + proxy.port() + "-";
    Socket passing = connect();
    roundTrip(passing, "warm-up");
    proxy.blackHole();
    Socket holding = connect();
    holding.getOutputStream().write("held".getBytes(US_ASCII));
    awaitTrue(() -> liveThreads(threadPrefix) == 5, "acceptor plus two pumps per connection");

    proxy.close();

    assertThat(liveThreads(threadPrefix)).isZero();
    assertClosedOrReset(passing);
    assertThatThrownBy(() -> new Socket(proxy.host(), proxy.port()).close())
        .isInstanceOf(ConnectException.class);
    try (ServerSocket rebound = new ServerSocket()) {
      rebound.setReuseAddress(true);
      rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
    }
    assertThat(proxy.toString()).contains("closed");
    assertThatThrownBy(proxy::pass)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    proxy.close();
  }

  @Test
  void toStringShowsListenAddressTargetAndMode() {
    assertThat(proxy.toString())
        .contains("127.0.0.1:" + proxy.port())
        .contains("-> 127.0.0.1:" + echo.port())
        .contains("mode=PASS");
    proxy.delay(Duration.ofMillis(250));
    assertThat(proxy.toString()).contains("mode=DELAY PT0.25S");
    proxy.blackHole();
    assertThat(proxy.toString()).contains("mode=BLACK_HOLE");
  }

  @Test
  void rejectsInvalidArgumentsNamingTheSetting() {
    assertThatThrownBy(() -> FaultProxy.start(" ", 6379))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetHost");
    assertThatThrownBy(() -> FaultProxy.start("127.0.0.1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetPort")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> FaultProxy.start("127.0.0.1", 65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536");
    assertThatThrownBy(() -> proxy.delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay")
        .hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> proxy.delay(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT2H");
    assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.PASS);
  }

  private Socket connect() throws IOException {
    Socket socket = track(new Socket(proxy.host(), proxy.port()));
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(PROMPT_MILLIS);
    return socket;
  }

  private Socket track(Socket socket) {
    clients.add(socket);
    return socket;
  }

  private static String roundTrip(Socket socket, String message) throws IOException {
    byte[] bytes = message.getBytes(US_ASCII);
    socket.getOutputStream().write(bytes);
    return new String(readExactly(socket, bytes.length), US_ASCII);
  }

  private static long timedRoundTrip(Socket socket, String message) throws IOException {
    long start = System.nanoTime();
    assertThat(roundTrip(socket, message)).isEqualTo(message);
    return millisSince(start);
  }

  private static byte[] readExactly(Socket socket, int length) throws IOException {
    byte[] bytes = socket.getInputStream().readNBytes(length);
    assertThat(bytes).as("bytes before end of stream").hasSize(length);
    return bytes;
  }

  private static void assertReadTimesOut(Socket socket) throws IOException {
    socket.setSoTimeout(300);
    assertThatThrownBy(() -> socket.getInputStream().read())
        .isInstanceOf(SocketTimeoutException.class);
    socket.setSoTimeout(PROMPT_MILLIS);
  }

  /**
   * A closed connection shows as end of stream or as a reset, depending on what reached the client
   * first.
   */
  private static void assertClosedOrReset(Socket socket) throws IOException {
    socket.setSoTimeout(PROMPT_MILLIS);
    InputStream in = socket.getInputStream();
    try {
      assertThat(in.read()).isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      fail("connection was neither closed nor reset within " + PROMPT_MILLIS + " ms");
    } catch (SocketException e) {
      assertThat(e).hasMessageContaining("reset");
    }
  }

  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix))
        .count();
  }

  private static void awaitTrue(BooleanSupplier condition, String description)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROMPT_MILLIS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + PROMPT_MILLIS + " ms: " + description);
      }
      Thread.sleep(5);
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
