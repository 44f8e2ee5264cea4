/**
 * Network fault injection for tests: {@link io.github.sessionkit.testkit.net.FaultProxy} sits
 * between a store client and a real server on loopback and can delay, black-hole, reset or refuse
 * the traffic on demand.
 */
@NullMarked
package io.github.sessionkit.testkit.net;

import org.jspecify.annotations.NullMarked;
