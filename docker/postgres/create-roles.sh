#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is first initialised, as the server's superuser, which
# nothing else uses. Three roles, none a superuser:
#   orders_owner  owns the event store schema and migrates it (the command side's Flyway);
#   command_side  the command side at run time: the migrations grant it what it needs, and no
#                 right to change or delete a stored event;
#   query_side    the query side: reads the event store, owns its read-model schema.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE orders_owner LOGIN NOSUPERUSER PASSWORD '${MIGRATION_PASSWORD}';
CREATE ROLE command_side LOGIN NOSUPERUSER PASSWORD '${COMMAND_SIDE_PASSWORD}';
CREATE ROLE query_side LOGIN NOSUPERUSER PASSWORD '${QUERY_SIDE_PASSWORD}';
REVOKE ALL ON DATABASE "$POSTGRES_DB" FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE "$POSTGRES_DB" TO orders_owner, command_side, query_side;
GRANT CREATE ON DATABASE "$POSTGRES_DB" TO orders_owner, query_side;
CREATE SCHEMA IF NOT EXISTS event_store AUTHORIZATION orders_owner;
GRANT USAGE ON SCHEMA event_store TO query_side;
ALTER DEFAULT PRIVILEGES FOR ROLE orders_owner IN SCHEMA event_store GRANT SELECT ON TABLES TO query_side;
ALTER DEFAULT PRIVILEGES FOR ROLE orders_owner IN SCHEMA event_store GRANT SELECT ON SEQUENCES TO query_side;
SQL
