/**
 * The default JSON codec's internals: its type allow-list and the typing of stored values. Not API.
 */
@NullMarked
package io.github.sessionkit.internal.codec;

import org.jspecify.annotations.NullMarked;
