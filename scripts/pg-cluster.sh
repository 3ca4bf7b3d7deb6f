#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on a free loopback port, run as an unprivileged user.
#   scripts/pg-cluster.sh start DIR   # prints the database URL (also written to DIR/url)
#   scripts/pg-cluster.sh stop DIR
#   scripts/pg-cluster.sh crash DIR     # immediate stop, as if the server died
#   scripts/pg-cluster.sh restart DIR   # start the existing cluster again
#   scripts/pg-cluster.sh replica DIR PRIMARY_DIR   # a streaming read replica of the cluster in PRIMARY_DIR; prints its URL
set -euo pipefail
usage="usage: pg-cluster.sh start|stop|crash|restart DIR, or pg-cluster.sh replica DIR PRIMARY_DIR"
cmd=${1:?$usage}
dir=${2:?$usage}

bin=""
for candidate in /usr/lib/postgresql/*/bin "$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")")"; do
  if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then bin=$candidate; break; fi
done
[ -n "$bin" ] || { echo "pg-cluster.sh: PostgreSQL server binaries not found; apt-get install -y postgresql" >&2; exit 1; }

# PostgreSQL refuses to run as root: use a dedicated unprivileged user then.
as_user=()
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  user=vigilpg
  id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  as_user=(runuser -u "$user" --)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

case "$cmd" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -ne 0 ] || chown "$user" "$dir"
  port=$(free_port)
  "${as_user[@]}" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = off
shared_buffers = 256MB
max_connections = 100
max_wal_size = 2GB
CONF
  "${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
  "${as_user[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE vigil_test"
  url="postgres://$user@127.0.0.1:$port/vigil_test?sslmode=disable"
  echo "$url" >"$dir/url"
  echo "$url"
  ;;
stop)
  [ -d "$dir/data" ] && "${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
crash)
  # As if the server died: no shutdown checkpoint, crash recovery on the next start.
  "${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  ;;
restart)
  "${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
  ;;
replica)
  primary=${3:?$usage}
  primary_url=$(cat "$primary/url")
  primary_port=${primary_url##*:}
  primary_port=${primary_port%%/*}
  mkdir -p "$dir"
  [ "$(id -u)" -ne 0 ] || chown "$user" "$dir"
  port=$(free_port)
  # A base backup that follows the primary's WAL (-R writes standby.signal and primary_conninfo).
  "${as_user[@]}" "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U "$user" -D "$dir/data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1
  cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$dir'
CONF
  "${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
  url="postgres://$user@127.0.0.1:$port/vigil_test?sslmode=disable"
  echo "$url" >"$dir/url"
  echo "$url"
  ;;
*)
  echo "$usage" >&2
  exit 2
  ;;
esac
