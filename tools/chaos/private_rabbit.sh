#!/usr/bin/env bash
# A private RabbitMQ node for the "broker stopped" chaos scenario: its own
# node name, ports, data, logs, config and Erlang cookie, never the shared
# broker (rabbit@localhost on 5672/25672).  epmd (4369) is shared, which is
# harmless: it only maps node names to ports.
#
#   tools/chaos/private_rabbit.sh start [DIR] [PORT]   # default /tmp/nl-chaos-rabbit 5679
#   tools/chaos/private_rabbit.sh stop  [DIR]
#   tools/chaos/private_rabbit.sh ctl   DIR ARGS...    # its own rabbitmqctl
#
# The node is nlchaos-PORT@localhost; its distribution port is PORT+20000
# (as 5672 -> 25672); 35672-35682 are rabbitmqctl's own, not usable.  ``start`` waits until it serves, allows guest from
# loopback (RabbitMQ's default) and prints the transport URL
# rabbit://guest:guest@127.0.0.1:PORT/.  DIR/node and DIR/port remember
# which node DIR holds; ``stop`` stops that node only (by its own
# rabbitmqctl -n NODE and its pid file).  Runs the server as the calling
# user with HOME=DIR, so the Erlang cookie is DIR/.erlang.cookie.
set -euo pipefail
cmd=${1:?start|stop|ctl}
DIR=${2:-/tmp/nl-chaos-rabbit}
RMQ=/usr/lib/rabbitmq/bin

node_env() {
    local port=$1
    export HOME=$DIR
    export RABBITMQ_NODENAME=nlchaos-$port@localhost
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT=$port
    export RABBITMQ_DIST_PORT=$((port + 20000))
    export RABBITMQ_MNESIA_BASE=$DIR/mnesia
    export RABBITMQ_LOG_BASE=$DIR/log
    export RABBITMQ_PID_FILE=$DIR/rabbit.pid
    export RABBITMQ_CONFIG_FILE=$DIR/rabbitmq.conf
    export RABBITMQ_ADVANCED_CONFIG_FILE=$DIR/advanced.config
    export RABBITMQ_CONF_ENV_FILE=$DIR/rabbitmq-env.conf
    export RABBITMQ_ENABLED_PLUGINS_FILE=$DIR/enabled_plugins
    export RABBITMQ_PLUGINS_EXPAND_DIR=$DIR/plugins-expand
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export ERL_EPMD_ADDRESS=127.0.0.1
}

ctl() {
    "$RMQ/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@"
}

saved_port() {
    [ -f "$DIR/port" ] || { echo "$DIR holds no private node" >&2; exit 1; }
    cat "$DIR/port"
}

case "$cmd" in
    start)
        PORT=${3:-$( [ -f "$DIR/port" ] && cat "$DIR/port" || echo 5679)}
        if [ "$PORT" = 5672 ]; then
            echo "5672 is the shared broker's port" >&2; exit 2
        fi
        if [ "$PORT" -ge 35672 ] && [ "$PORT" -le 35682 ]; then
            # the CLI tools' own distribution ports
            echo "35672-35682 belong to rabbitmqctl" >&2; exit 2
        fi
        mkdir -p "$DIR/log" "$DIR/mnesia"
        echo "$PORT" > "$DIR/port"
        node_env "$PORT"
        echo "$RABBITMQ_NODENAME" > "$DIR/node"
        [ -f "$DIR/.erlang.cookie" ] || {
            head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' \
                > "$DIR/.erlang.cookie"
            chmod 400 "$DIR/.erlang.cookie"
        }
        cat > "$DIR/rabbitmq.conf" <<CONF
loopback_users.guest = true
log.file.level = info
CONF
        echo '[].' > "$DIR/advanced.config"
        echo '[].' > "$DIR/enabled_plugins"
        : > "$DIR/rabbitmq-env.conf"
        if ctl status >/dev/null 2>&1; then
            echo "rabbit://guest:guest@127.0.0.1:$PORT/"
            exit 0
        fi
        setsid "$RMQ/rabbitmq-server" >> "$DIR/log/stdout.log" 2>&1 \
            < /dev/null &
        # wait for the pid file, then for the app to serve
        for _ in $(seq 1 120); do
            [ -s "$DIR/rabbit.pid" ] && break
            sleep 0.5
        done
        ctl wait --timeout 120 "$DIR/rabbit.pid" >/dev/null
        echo "rabbit://guest:guest@127.0.0.1:$PORT/"
        ;;
    stop)
        node_env "$(saved_port)"
        if [ -s "$DIR/rabbit.pid" ]; then
            pid=$(cat "$DIR/rabbit.pid")
            ctl stop "$DIR/rabbit.pid" >/dev/null 2>&1 || {
                # not answering: its own pid, nothing else
                kill -9 "$pid" 2>/dev/null || true
            }
            rm -f "$DIR/rabbit.pid"
        fi
        ;;
    ctl)
        node_env "$(saved_port)"
        shift 2
        ctl "$@"
        ;;
    *) echo "usage: $0 start|stop|ctl [DIR] [PORT]" >&2; exit 2 ;;
esac
