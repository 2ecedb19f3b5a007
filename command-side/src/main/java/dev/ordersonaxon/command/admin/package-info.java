/** What operators do on the command side: the saga's parked events. */
package dev.ordersonaxon.command.admin;
