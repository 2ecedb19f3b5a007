-- Wakes event processors in every process when events are committed (LISTEN domain_events).
-- Statement level: one notification per insert statement, and PostgreSQL folds identical
-- notifications of one transaction into one, delivered at commit.
CREATE FUNCTION notify_domain_events() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('domain_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER domain_event_entry_notify
    AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION notify_domain_events();

-- Lets tools that append through Axon's JDBC storage engine (which leaves the index to the
-- database) share the sequence Hibernate uses.
ALTER TABLE domain_event_entry
    ALTER COLUMN global_index SET DEFAULT nextval('domain_event_entry_global_index_seq');
