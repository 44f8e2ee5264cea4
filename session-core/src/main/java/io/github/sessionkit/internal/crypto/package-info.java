/** Encryption at rest of attribute values: the key set and the encrypting store decorator. */
@NullMarked
package io.github.sessionkit.internal.crypto;

import org.jspecify.annotations.NullMarked;
