#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d):
# one database and one login role per service, each role owning only its own database, the
# password read from the compose secret /run/secrets/<service>_db_password.
set -eu
for service in intake matcher notifier fairday; do
  password=$(cat "/run/secrets/${service}_db_password")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v role="$service" -v db="jobmatch_${service}" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
