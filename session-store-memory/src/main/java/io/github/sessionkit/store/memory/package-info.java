/** The in-process session store, backed by Caffeine. */
@NullMarked
package io.github.sessionkit.store.memory;

import org.jspecify.annotations.NullMarked;
