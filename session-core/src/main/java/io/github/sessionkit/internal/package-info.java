/**
 * Implementation details of sessionkit. Not an API: anything here may change in any release without
 * notice.
 */
@NullMarked
package io.github.sessionkit.internal;

import org.jspecify.annotations.NullMarked;
