#!/usr/bin/env bash
# A private PostgreSQL for the "SQL server stopped" chaos scenario: its own
# data directory and port, never the shared server on 5432.
#
#   tools/chaos/private_pg.sh start [DIR] [PORT]   # default /tmp/nl-chaos-pg 55432
#   tools/chaos/private_pg.sh stop  [DIR]
#   tools/chaos/private_pg.sh start-only / stop-only: pg_ctl start/stop
#
# Prints the DATABASE_URL to give devstack (postgresql+psycopg2://postgres@
# 127.0.0.1:PORT/nova_lite).  Runs the server as user postgres.
set -euo pipefail
cmd=${1:?start|stop|start-only|stop-only}
DIR=${2:-/tmp/nl-chaos-pg}
PORT=${3:-55432}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { runuser -u postgres -- "$@"; }
case "$cmd" in
    start)
        if [ ! -f "$DIR/PG_VERSION" ]; then
            mkdir -p "$DIR" && chown postgres "$DIR"
            as_pg "$BIN/initdb" -D "$DIR" -A trust -U postgres >/dev/null
            cat >> "$DIR/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
max_connections = 300
fsync = off
CONF
        fi
        as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w start >/dev/null
        echo "postgresql+psycopg2://postgres@127.0.0.1:$PORT/nova_lite"
        ;;
    start-only) as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w start ;;
    stop|stop-only) as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop ;;
    *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
