-- Axon's JDBC saga store inserts associations without an id: the column takes it from its
-- sequence, one number at a time (the block of 50 was for Hibernate's pooled allocation).
ALTER SEQUENCE association_value_entry_seq INCREMENT BY 1;
ALTER TABLE association_value_entry
    ALTER COLUMN id SET DEFAULT NEXT VALUE FOR association_value_entry_seq;
