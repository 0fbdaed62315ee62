# Sourced by .ci/run. Debezium's outbox test streams by logical decoding, which needs wal_level=logical.
# ensure_logical_wal HOST PORT RESTART-COMMAND...: when the server reports another level, set it with
# ALTER SYSTEM and restart the server with the command given (wal_level only changes at a restart);
# when it is logical already, do nothing at all. Returns non-zero when the level could not be read or
# set; the CI goes on (the Debezium test then skips, saying why).
ensure_logical_wal() {
  local host="$1" port="$2"; shift 2
  local level
  if ! level="$(psql -h "$host" -p "$port" -U postgres -d postgres -XAtqc 'SHOW wal_level' 2>/dev/null)"; then
    log "could not read wal_level on $host:$port"
    return 1
  fi
  if [ "$level" = "logical" ]; then
    log "PostgreSQL on $host:$port runs with wal_level=logical"
    return 0
  fi
  log "PostgreSQL on $host:$port runs with wal_level=$level: setting it to logical and restarting"
  psql -h "$host" -p "$port" -U postgres -d postgres -XAtqc 'ALTER SYSTEM SET wal_level = logical' || return 1
  "$@" || return 1
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
  level="$(psql -h "$host" -p "$port" -U postgres -d postgres -XAtqc 'SHOW wal_level' 2>/dev/null || true)"
  log "PostgreSQL on $host:$port now runs with wal_level=${level:-unknown}"
  [ "$level" = "logical" ]
}
