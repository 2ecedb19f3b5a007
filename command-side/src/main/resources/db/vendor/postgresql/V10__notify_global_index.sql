-- Each notification names the event whose insert sent it (its global index), so that a
-- process whose event store has already read that event need not read again: the command
-- side read once after each commit of its own and again when that commit's notification
-- came. One notification per event, as PostgreSQL folds only identical notifications of a
-- transaction. Per row rather than per statement with a transition table, which cost an
-- insert three times as much on top of the notification (2.5 µs against 0.8).
CREATE OR REPLACE FUNCTION notify_domain_events() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('domain_events', NEW.global_index::text);
    RETURN NULL;
END
$$;

DROP TRIGGER domain_event_entry_notify ON domain_event_entry;

CREATE TRIGGER domain_event_entry_notify
    AFTER INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION notify_domain_events();
