/**
 * Test support for session stores: the contract suite every store passes ({@link
 * io.github.sessionkit.testkit.SessionStoreContract}), a manual clock, and a counting store
 * wrapper. Published so that authors of new stores can use it.
 */
@NullMarked
package io.github.sessionkit.testkit;

import org.jspecify.annotations.NullMarked;
