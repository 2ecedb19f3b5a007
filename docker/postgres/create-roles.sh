#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is first initialised. The command side owns the
# event store; the query side gets its own login that can only read it, and may create
# its own schema for the read models.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE SCHEMA IF NOT EXISTS event_store AUTHORIZATION "$POSTGRES_USER";
CREATE ROLE query_side LOGIN PASSWORD '${QUERY_SIDE_PASSWORD}';
GRANT CONNECT, CREATE ON DATABASE "$POSTGRES_DB" TO query_side;
GRANT USAGE ON SCHEMA event_store TO query_side;
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA event_store GRANT SELECT ON TABLES TO query_side;
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA event_store GRANT SELECT ON SEQUENCES TO query_side;
SQL
