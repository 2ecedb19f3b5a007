-- The command side may run as a role of its own (DATABASE_USER) while the schema belongs to
-- the role that migrates it (DATABASE_MIGRATION_USER). That runtime role gets what it needs
-- and no more: stored events may be read and appended, never changed or deleted, so the
-- event store is append-only by privileges. Where both are the same role (a local run),
-- there is nothing to grant. A migration that adds a table grants on it the same way.
-- The runtime role comes from the session setting orders.command_role, which the command side
-- sets when it migrates (spring.flyway.init-sqls); without it, nothing is granted.
DO $$
DECLARE
    runtime text := nullif(current_setting('orders.command_role', true), '');
BEGIN
    IF runtime IS NULL OR runtime = current_user THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA event_store TO %I', runtime);
    EXECUTE format('GRANT SELECT, INSERT ON event_store.domain_event_entry TO %I', runtime);
    -- a new snapshot replaces the aggregate's older ones
    EXECUTE format('GRANT SELECT, INSERT, DELETE ON event_store.snapshot_event_entry TO %I', runtime);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON event_store.token_entry, event_store.saga_entry, '
        || 'event_store.association_value_entry, event_store.dead_letter_entry, event_store.scheduled_tasks, '
        || 'event_store.idempotency_key TO %I', runtime);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA event_store TO %I', runtime);
    EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA event_store TO %I', runtime);
END
$$;
