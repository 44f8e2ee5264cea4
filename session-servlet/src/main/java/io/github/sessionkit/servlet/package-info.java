/**
 * Jakarta Servlet 6 integration: {@link io.github.sessionkit.servlet.SessionFilter} backs {@code
 * HttpSession} with a {@link io.github.sessionkit.SessionManager}, so every node that shares the
 * store shares the sessions. The session id travels in a cookie ({@link
 * io.github.sessionkit.servlet.CookieSessionIdResolver}) or a request header, such as {@code
 * Authorization: Bearer} for APIs ({@link io.github.sessionkit.servlet.HeaderSessionIdResolver}).
 */
@NullMarked
package io.github.sessionkit.servlet;

import org.jspecify.annotations.NullMarked;
