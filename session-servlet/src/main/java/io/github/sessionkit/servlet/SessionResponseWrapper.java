package io.github.sessionkit.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * The response the application sees. Before anything can reach the client (every write, flush,
 * close, {@code flushBuffer}, {@code sendRedirect}, {@code sendError}) it lets the {@link
 * RequestSessionState} save the session and set the id header or cookie, since after the commit the
 * Set-Cookie header can no longer be sent and the client could already send its next request to
 * another node.
 *
 * <p>Checking at every write rather than guessing when the container's buffer overflows is exact
 * whatever the container's buffering (Jetty writes large chunks straight through, for example), and
 * cheap: with nothing changed since the last check it does no I/O.
 */
final class SessionResponseWrapper extends HttpServletResponseWrapper {

  private final RequestSessionState state;
  private @Nullable ServletOutputStream containerStream;
  private @Nullable ServletOutputStream stream;
  private @Nullable PrintWriter containerWriter;
  private @Nullable PrintWriter writer;

  SessionResponseWrapper(HttpServletResponse response, RequestSessionState state) {
    super(response);
    this.state = state;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream delegate = super.getOutputStream();
    if (stream == null || containerStream != delegate) {
      containerStream = delegate;
      stream = new GuardedOutputStream(delegate, state);
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    PrintWriter delegate = super.getWriter();
    if (writer == null || containerWriter != delegate) {
      containerWriter = delegate;
      writer = new GuardedPrintWriter(delegate, state);
    }
    return writer;
  }

  @Override
  public void flushBuffer() throws IOException {
    state.beforeCommit();
    super.flushBuffer();
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    state.beforeCommit();
    super.sendRedirect(location);
  }

  @Override
  public void sendError(int sc) throws IOException {
    state.beforeCommit();
    super.sendError(sc);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    state.beforeCommit();
    super.sendError(sc, msg);
  }

  /** The container's stream, entered only after the session is saved. */
  private static final class GuardedOutputStream extends ServletOutputStream {
    private final ServletOutputStream delegate;
    private final RequestSessionState state;

    GuardedOutputStream(ServletOutputStream delegate, RequestSessionState state) {
      this.delegate = delegate;
      this.state = state;
    }

    @Override
    public void write(int b) throws IOException {
      state.beforeCommit();
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      state.beforeCommit();
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      state.beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      state.beforeCommit();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
      delegate.setWriteListener(writeListener);
    }
  }

  /**
   * The container's writer, entered only after the session is saved. Every character goes through
   * {@link GuardedWriter}, including the line separators {@code println} writes straight to its
   * underlying writer.
   */
  private static final class GuardedPrintWriter extends PrintWriter {
    private final PrintWriter delegate;

    GuardedPrintWriter(PrintWriter delegate, RequestSessionState state) {
      super(new GuardedWriter(delegate, state), false);
      this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("ShortCircuitBoolean") // both must run: checkError() also flushes each writer
    public boolean checkError() {
      // The container's writer records its own I/O errors instead of throwing them.
      return super.checkError() | delegate.checkError();
    }
  }

  private static final class GuardedWriter extends Writer {
    private final Writer delegate;
    private final RequestSessionState state;

    GuardedWriter(Writer delegate, RequestSessionState state) {
      this.delegate = delegate;
      this.state = state;
    }

    @Override
    public void write(int c) throws IOException {
      state.beforeCommit();
      delegate.write(c);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      state.beforeCommit();
      delegate.write(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      state.beforeCommit();
      delegate.write(str, off, len);
    }

    @Override
    public void flush() throws IOException {
      state.beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      state.beforeCommit();
      delegate.close();
    }
  }
}
