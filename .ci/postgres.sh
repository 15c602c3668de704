#!/usr/bin/env bash
# Start a PostgreSQL server for the tests and print the URL they use (JIXIAO_TEST_PG).
# Installs Debian's postgresql when it is missing; fails loudly when the server cannot start.
set -euo pipefail
if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
    echo "ci: installing postgresql" >&2
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1) || {
    version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    pg_createcluster "$version" main >&2
    read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
}
if [ "$status" != online ]; then
    pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 30); do
    su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done
su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null || { echo "ci: PostgreSQL did not start" >&2; exit 1; }
su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jixiao') THEN
    CREATE ROLE jixiao LOGIN PASSWORD 'jixiao-test' CREATEDB;
  END IF;
END \$\$;
-- the tests drop their databases WITH (FORCE): an autovacuum worker in one must be ended too
GRANT pg_signal_backend TO jixiao;
SQL
su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname='jixiao_test'\"" | grep -q 1 \
    || su postgres -c "createdb -p $port -O jixiao jixiao_test" >&2
echo "postgresql://jixiao:jixiao-test@127.0.0.1:$port/jixiao_test"
