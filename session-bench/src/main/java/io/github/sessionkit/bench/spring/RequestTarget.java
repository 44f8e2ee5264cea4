package io.github.sessionkit.bench.spring;

/** One store under measurement: the two request shapes, on the i-th pre-created session. */
interface RequestTarget extends AutoCloseable {

  /** Finds the session, changes one attribute, saves. */
  Object typicalRequest(int index);

  /** Finds the session and saves it with no attribute changed. */
  Object readOnlyRequest(int index);

  @Override
  void close();
}
