/**
 * What both applications' web edges share.
 */
package dev.ordersonaxon.web;
