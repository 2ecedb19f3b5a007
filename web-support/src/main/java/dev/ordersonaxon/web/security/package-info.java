/**
 * Bearer-token security both applications share: roles, problem answers for 401 and 403,
 * token checks, CORS.
 */
package dev.ordersonaxon.web.security;
