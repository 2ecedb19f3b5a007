-- A transaction takes its event's global index only once it has a transaction id.
--
-- Processors wait for a missing global index exactly as long as a transaction that may still
-- fill it is open, which they learn from pg_current_snapshot(): every transaction that took an
-- index before a later index became visible must have an id below the xmax of any snapshot
-- taken afterwards. A transaction gets its id at its first write, and with the index as the
-- column's default that write comes just after nextval(): a transaction descheduled between
-- the two (a busy machine) held an index without an id, looked finished, and its event was
-- skipped when it committed. The fault-injection suite saw it. Here the index is taken in a
-- trigger that first makes sure the transaction has an id.
CREATE FUNCTION take_global_index() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.global_index IS NULL THEN
        PERFORM pg_current_xact_id();
        -- qualified: tools and tests insert from connections with other search paths
        NEW.global_index := nextval('${flyway:defaultSchema}.domain_event_entry_global_index_seq');
    END IF;
    RETURN NEW;
END
$$;

ALTER TABLE domain_event_entry
    ALTER COLUMN global_index DROP DEFAULT;

CREATE TRIGGER domain_event_entry_global_index
    BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION take_global_index();
