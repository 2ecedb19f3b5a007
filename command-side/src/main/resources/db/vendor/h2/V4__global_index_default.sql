-- The embedded database has no LISTEN/NOTIFY: processors poll. Like on PostgreSQL, the
-- index column defaults to its sequence for tools that append without Hibernate.
ALTER TABLE domain_event_entry
    ALTER COLUMN global_index SET DEFAULT NEXT VALUE FOR domain_event_entry_global_index_seq;
