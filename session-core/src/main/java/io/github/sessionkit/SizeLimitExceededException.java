package io.github.sessionkit;

/**
 * An attribute, or the session as a whole, would exceed its configured size limit. Thrown by {@link
 * Session#put}; the session is left as it was.
 */
public class SizeLimitExceededException extends AttributeException {

  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public SizeLimitExceededException(String attribute, String message, long size, long limit) {
    super(attribute, message);
    this.size = size;
    this.limit = limit;
  }

  /** The size the operation would have reached, in bytes of encoded form. */
  public long size() {
    return size;
  }

  /** The configured limit, in bytes. */
  public long limit() {
    return limit;
  }
}
