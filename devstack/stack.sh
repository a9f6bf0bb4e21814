#!/usr/bin/env bash
# Install, configure and start a nova_lite cloud on this machine.
#
#   ./devstack/stack.sh            # SQLite, RabbitMQ on 127.0.0.1, API :8774
#
# Environment (all optional):
#   DATABASE_URL   oslo.db URL (default sqlite:///$DATA_DIR/nova_lite.sqlite),
#                  e.g. postgresql+psycopg2://postgres@127.0.0.1/nova_lite or
#                  mysql+pymysql://root@127.0.0.1/nova_lite
#   TRANSPORT_URL  default rabbit://guest:guest@127.0.0.1:5672/
#   RABBIT_DURABLE_QUEUES  true (default): topic queues survive a broker restart
#   API_PORT       Compute API port (default 8774)
#   NETWORK_PORT   network service (Neutron v2.0 subset) port (default 9696)
#   NETWORK_CIDR   CIDR of the shared default network "private"
#                  (default 10.0.0.0/24)
#   COMPUTE_HOSTS  fake compute hosts to start (default "compute1 compute2")
#   FAKE_COMPUTES=N  instead of COMPUTE_HOSTS: one nova-lite-compute-sim
#                  process running N fake compute hosts (fake0001..)
#   SCHEDULER_HOSTS  host names of the schedulers to start (default: one,
#                  named after this machine)
#   CONDUCTOR_HOSTS  the same for conductors
#   VOLUME_HOSTS   nova-lite-volume hosts to start (default "volume1"; empty:
#                  none); their volume files go to $DATA_DIR/state/volumes/<host>
#   VOLUME_SCHEDULER_DRIVER  filter (default), chance or simple
#   VOLUME_CAPACITY_GB  capacity each volume host reports (default: its
#                  filesystem's size)
#   DATA_DIR       where config, logs, pids and state go (default devstack/data)
#   AUTH           keystone (default): a real Keystone validates tokens and
#                  serves the catalog; noauth2: tokens are "user:project",
#                  no Keystone (tests, nova-lite-all)
#   KEYSTONE_PORT  Keystone's port (default 5000)
#   KEYSTONE_VENV  virtualenv Keystone is installed into, from
#                  devstack/keystone-requirements.txt (default
#                  $DATA_DIR/keystone-venv; share one between stacks)
#   KEYSTONE_DATABASE_URL  Keystone's database (default: its own SQLite
#                  file, or a database "keystone" on DATABASE_URL's server)
#   KEYSTONE_TOKEN_EXPIRATION  token lifetime in seconds (default 3600)
#   ADMIN_PASSWORD, DEMO_PASSWORD, SERVICE_PASSWORD  Keystone passwords of
#                  admin, demo and the service users (default admin, demo,
#                  $ADMIN_PASSWORD)
#   VIRT_DRIVER    fake (default): imaginary guests; libvirt: real QEMU
#                  (TCG) guests through libvirt -- installs qemu and libvirt,
#                  starts virtlogd/libvirtd unless running, builds the tiny
#                  guest image (devstack/tools/build_tiny_image.sh), uploads
#                  it as "tiny-linux" with flavor m1.nano (128 MiB) and boots
#                  a first server; COMPUTE_HOSTS defaults to one host then
#   LIBVIRT_NETNS  network namespace to run libvirtd in (bridges and taps stay
#                  off the host's network); default: none
#   BOOT_FIRST_SERVER=0  do not boot the first real server (libvirt)
#   VENV           virtualenv to install into (default $DATA_DIR/venv)
#   SKIP_INSTALL=1 use $VENV as it is (tests reuse their own environment)
#
# Running it again is harmless: installed things stay, running daemons keep
# running, bootstrap objects that exist are left alone.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=${DATA_DIR:-$TOP/devstack/data}
VENV=${VENV:-$DATA_DIR/venv}
API_PORT=${API_PORT:-8774}
API_HOST=${API_HOST:-127.0.0.1}
NETWORK_PORT=${NETWORK_PORT:-9696}
NETWORK_CIDR=${NETWORK_CIDR:-10.0.0.0/24}
API_URL=http://$API_HOST:$API_PORT
NETWORK_URL=http://$API_HOST:$NETWORK_PORT
DATABASE_URL=${DATABASE_URL:-sqlite:///$DATA_DIR/nova_lite.sqlite}
TRANSPORT_URL=${TRANSPORT_URL:-rabbit://guest:guest@127.0.0.1:5672/}
AUTH=${AUTH:-keystone}
KEYSTONE_PORT=${KEYSTONE_PORT:-5000}
KEYSTONE_URL=http://$API_HOST:$KEYSTONE_PORT
KEYSTONE_VENV=${KEYSTONE_VENV:-$DATA_DIR/keystone-venv}
REGION=${REGION:-RegionOne}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
DEMO_PASSWORD=${DEMO_PASSWORD:-demo}
SERVICE_PASSWORD=${SERVICE_PASSWORD:-$ADMIN_PASSWORD}
VIRT_DRIVER=${VIRT_DRIVER:-fake}
LIBVIRT_NETNS=${LIBVIRT_NETNS:-}
if [ "$VIRT_DRIVER" = libvirt ]; then
    COMPUTE_HOSTS=${COMPUTE_HOSTS:-compute1}
else
    COMPUTE_HOSTS=${COMPUTE_HOSTS:-compute1 compute2}
fi
SCHEDULER_HOSTS=${SCHEDULER_HOSTS:-}
CONDUCTOR_HOSTS=${CONDUCTOR_HOSTS:-}
VOLUME_HOSTS=${VOLUME_HOSTS-volume1}
VOLUME_SCHEDULER_DRIVER=${VOLUME_SCHEDULER_DRIVER:-filter}
VOLUME_CAPACITY_GB=${VOLUME_CAPACITY_GB:-0}
ETC=$DATA_DIR/etc
LOGS=$DATA_DIR/logs
PIDS=$DATA_DIR/pids

say() { echo "stack.sh: $*"; }

case "$AUTH" in
    keystone|noauth2) ;;
    *) say "AUTH must be keystone or noauth2, not $AUTH"; exit 1 ;;
esac
case "$VIRT_DRIVER" in
    fake|libvirt) ;;
    *) say "VIRT_DRIVER must be fake or libvirt, not $VIRT_DRIVER"; exit 1 ;;
esac
mkdir -p "$ETC" "$LOGS" "$PIDS" "$DATA_DIR/state"

# --- install -----------------------------------------------------------------
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating virtualenv $VENV"
        python3 -m venv "$VENV"
    fi
    say "installing nova_lite and python-openstackclient"
    "$VENV/bin/pip" install -q -U pip
    "$VENV/bin/pip" install -q -e "$TOP" -r "$TOP/devstack/client-requirements.txt"
fi
BIN=$VENV/bin

# --- libvirt (VIRT_DRIVER=libvirt) --------------------------------------------
if [ "$VIRT_DRIVER" = libvirt ]; then
    LIBVIRT_SH=$TOP/devstack/tools/libvirt.sh
    "$LIBVIRT_SH" install "$VENV"
    # unstack.sh stops libvirtd/virtlogd only when this stack started them.
    libvirt_state=$("$LIBVIRT_SH" start "$LIBVIRT_NETNS")
    if [ "$libvirt_state" = started ]; then
        cp /run/nova-lite-libvirtd.pid "$PIDS/libvirtd.pid"
        cp /run/nova-lite-virtlogd.pid "$PIDS/virtlogd.pid"
        [ -n "$LIBVIRT_NETNS" ] && echo "$LIBVIRT_NETNS" > "$PIDS/libvirt.netns"
        say "started libvirtd${LIBVIRT_NETNS:+ in netns $LIBVIRT_NETNS}"
    else
        # Bridges must be made where that libvirtd lives.
        LIBVIRT_NETNS=${libvirt_state#running}
        LIBVIRT_NETNS=${LIBVIRT_NETNS# }
        say "using the libvirtd already running${LIBVIRT_NETNS:+ in netns $LIBVIRT_NETNS}"
    fi
    TINY_IMAGE_DIR=$("$TOP/devstack/tools/build_tiny_image.sh")
fi

# --- RabbitMQ ----------------------------------------------------------------
rabbit_port=$(python3 -c "import urllib.parse,sys; u=urllib.parse.urlparse(sys.argv[1].split(',')[0]); print(u.port or 5672)" "$TRANSPORT_URL")
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! port_open "$rabbit_port"; then
    if ! command -v rabbitmq-server >/dev/null; then
        say "installing rabbitmq-server"
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server
    fi
    say "starting RabbitMQ"
    rabbitmq-server -detached || true
    for _ in $(seq 1 60); do port_open "$rabbit_port" && break; sleep 1; done
    port_open "$rabbit_port" || { say "RabbitMQ did not come up"; exit 1; }
fi

# --- database ----------------------------------------------------------------
"$BIN/python" "$TOP/devstack/lib/create_db.py" "$DATABASE_URL"

# --- configuration -----------------------------------------------------------
common_conf() {
    cat <<CONF
[DEFAULT]
transport_url = $TRANSPORT_URL
state_path = $DATA_DIR/state
report_interval = ${REPORT_INTERVAL:-10}
periodic_fuzzy_delay = ${PERIODIC_FUZZY_DELAY:-10}
rpc_response_timeout = ${RPC_RESPONSE_TIMEOUT:-60}

# Topic queues survive a broker restart: a cast sent between the broker's
# return and its consumer's reconnection waits in the queue instead of
# being dropped as unroutable (docs/reliability.md, "RabbitMQ stopped").
[oslo_messaging_rabbit]
amqp_durable_queues = ${RABBIT_DURABLE_QUEUES:-true}

[oslo_concurrency]
lock_path = $DATA_DIR/state/lock
CONF
    if [ "$AUTH" = keystone ]; then
        cat <<CONF

# the network service, found in Keystone's catalog
[neutron]
$(service_credentials nova_lite)
CONF
    else
        cat <<CONF

# noauth2: the admin token is "admin:admin", see etc/nova_lite's sample
[neutron]
auth_type = admin_token
endpoint = $NETWORK_URL
token = admin:admin
CONF
    fi
}
service_credentials() {  # user: keystoneauth password options
    cat <<CONF
auth_type = password
auth_url = $KEYSTONE_URL
username = $1
password = $SERVICE_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = $REGION
CONF
}
authtoken_conf() {  # service user validating tokens
    cat <<CONF

# keystonemiddleware; no memcached: tokens are cached in the process
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
$(service_credentials "$1")
CONF
}
{
    common_conf
    cat <<CONF

[database]
connection = $DATABASE_URL

[api]
listen = $API_HOST
port = $API_PORT
api_paste_config = $TOP/etc/nova_lite/api-paste.ini
auth_strategy = $AUTH

[network]
listen = $API_HOST
port = $NETWORK_PORT

[volume]
volume_scheduler_driver = $VOLUME_SCHEDULER_DRIVER
CONF
    if [ "$AUTH" = keystone ]; then
        authtoken_conf nova_lite
    else
        cat <<CONF

# the network service's credentials to the Compute API (events)
[nova]
auth_type = admin_token
endpoint = $API_URL/v2.1
token = admin:admin
CONF
    fi
} > "$ETC/nova_lite.conf"
NETWORK_CONFS=(--config-file "$ETC/nova_lite.conf")
if [ "$AUTH" = keystone ]; then
    # The network daemon validates tokens and posts its events to the
    # Compute API (found in the catalog) as its own service user.
    {
        authtoken_conf network
        printf '\n[nova]\n'
        service_credentials network
    } > "$ETC/nova_lite-network.conf"
    NETWORK_CONFS+=(--config-file "$ETC/nova_lite-network.conf")
fi
# Compute hosts get no [database] section at all: they reach the DB only
# through the conductor.
{
    common_conf
    if [ "$VIRT_DRIVER" = libvirt ]; then
        cat <<CONF

[libvirt]
virt_type = qemu
instances_path = $DATA_DIR/instances
netns = $LIBVIRT_NETNS

# where the compute downloads images from
[glance]
CONF
        if [ "$AUTH" = keystone ]; then
            service_credentials nova_lite
        else
            printf 'auth_type = admin_token\nendpoint = %s/image\ntoken = admin:admin\n' "$API_URL"
        fi
        # compute_driver lives in [DEFAULT]: a section of its own, which
        # oslo.config merges with the first one.
        printf '\n[DEFAULT]\ncompute_driver = libvirt\n'
    fi
} > "$ETC/nova_lite-compute.conf"
# Volume hosts: no [database] either (objects through the conductor).
{
    common_conf
    printf '\n[volume]\ncapacity_gb = %s\n' "$VOLUME_CAPACITY_GB"
} > "$ETC/nova_lite-volume.conf"

say "db sync ($DATABASE_URL)"
"$BIN/nova-lite-manage" --config-file "$ETC/nova_lite.conf" db sync

# --- daemons -----------------------------------------------------------------
USE_SYSTEMD=0
if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && [ "${NO_SYSTEMD:-0}" != 1 ]; then
    USE_SYSTEMD=1
fi

start_daemon() {  # name command...
    local name=$1; shift
    local pidfile=$PIDS/$name.pid
    if [ "$USE_SYSTEMD" = 1 ]; then
        sed -e "s|@NAME@|$name|g" -e "s|@COMMAND@|$*|g" \
            "$TOP/devstack/systemd/nova-lite.service.in" \
            > "/etc/systemd/system/nova-lite-$name.service"
        systemctl daemon-reload
        systemctl start "nova-lite-$name.service"
        echo "nova-lite-$name.service" > "$pidfile.unit"
        return
    fi
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        say "$name already running (pid $(cat "$pidfile"))"
        return
    fi
    setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    say "started $name (pid $!, log $LOGS/$name.log)"
}

# Optional local overrides, as devstack's local.conf: $ETC/local.conf for
# every daemon, $ETC/local-<daemon name>.conf for one (e.g.
# local-compute-compute1.conf, local-scheduler-scheduler2.conf).
local_confs() {  # daemon name
    [ -f "$ETC/local.conf" ] && printf -- '--config-file\n%s\n' "$ETC/local.conf"
    [ -f "$ETC/local-$1.conf" ] && printf -- '--config-file\n%s\n' "$ETC/local-$1.conf"
    return 0
}
start_service() {  # daemon-name binary config-files...
    local name=$1 binary=$2; shift 2
    local extra=()
    mapfile -t extra < <(local_confs "$name")
    start_daemon "$name" "$BIN/$binary" "$@" "${extra[@]}"
}
host_conf() {  # host -> path of a config file setting [DEFAULT] host
    printf '[DEFAULT]\nhost = %s\n' "$1" > "$ETC/$1.conf"
    echo "$ETC/$1.conf"
}

# --- Keystone (AUTH=keystone) ------------------------------------------------
# Its own venv and database; served by uwsgi, supervised like our daemons.
install_keystone() {
    local reqs=$TOP/devstack/keystone-requirements.txt
    local stamp
    stamp=$(cat "$reqs" "$TOP/devstack/keystone-constraints.txt" | sha256sum)
    [ "$(cat "$KEYSTONE_VENV/.stack-installed" 2>/dev/null)" = "$stamp" ] \
        && return
    say "installing Keystone into $KEYSTONE_VENV"
    [ -x "$KEYSTONE_VENV/bin/python" ] || python3 -m venv "$KEYSTONE_VENV"
    "$KEYSTONE_VENV/bin/pip" install -q -r "$reqs"
    echo "$stamp" > "$KEYSTONE_VENV/.stack-installed"
}
keystone_manage() {  # command... (its chatty log to a file)
    "$@" >> "$LOGS/keystone-manage.log" 2>&1 || {
        say "keystone-manage failed; see $LOGS/keystone-manage.log"
        exit 1
    }
}
start_keystone() {
    local started=$SECONDS
    mkdir -p "$(dirname "$KEYSTONE_VENV")"
    # stacks sharing one KEYSTONE_VENV install it once
    (flock 9; install_keystone) 9> "$KEYSTONE_VENV.lock"
    local ks_dir=$DATA_DIR/keystone
    mkdir -p "$ks_dir"
    if [ -z "${KEYSTONE_DATABASE_URL:-}" ]; then
        case "$DATABASE_URL" in
            sqlite*) KEYSTONE_DATABASE_URL=sqlite:///$ks_dir/keystone.sqlite ;;
            *) KEYSTONE_DATABASE_URL=$("$BIN/python" -c "import sys
from sqlalchemy.engine import url
print(url.make_url(sys.argv[1]).set(database='keystone')
      .render_as_string(hide_password=False))" "$DATABASE_URL") ;;
        esac
    fi
    "$BIN/python" "$TOP/devstack/lib/create_db.py" "$KEYSTONE_DATABASE_URL"
    cat > "$ETC/keystone.conf" <<CONF
[database]
connection = $KEYSTONE_DATABASE_URL

[token]
provider = fernet
expiration = ${KEYSTONE_TOKEN_EXPIRATION:-3600}

[fernet_tokens]
key_repository = $ks_dir/fernet-keys

[credential]
key_repository = $ks_dir/credential-keys
CONF
    local manage=(keystone_manage "$KEYSTONE_VENV/bin/keystone-manage"
                  --config-file "$ETC/keystone.conf")
    local owner=(--keystone-user "$(id -un)" --keystone-group "$(id -gn)")
    say "Keystone db_sync ($KEYSTONE_DATABASE_URL)"
    "${manage[@]}" db_sync
    [ -f "$ks_dir/fernet-keys/0" ] || "${manage[@]}" fernet_setup "${owner[@]}"
    [ -f "$ks_dir/credential-keys/0" ] || \
        "${manage[@]}" credential_setup "${owner[@]}"
    "${manage[@]}" bootstrap --bootstrap-password "$ADMIN_PASSWORD" \
        --bootstrap-username admin --bootstrap-project-name admin \
        --bootstrap-role-name admin --bootstrap-service-name keystone \
        --bootstrap-region-id "$REGION" \
        --bootstrap-public-url "$KEYSTONE_URL" \
        --bootstrap-internal-url "$KEYSTONE_URL"
    # uwsgi's plain --http-socket closes every connection after one
    # request: "Connection: close" stops clients from reusing it (a reset).
    start_daemon keystone "$KEYSTONE_VENV/bin/uwsgi" \
        --http-socket "$API_HOST:$KEYSTONE_PORT" \
        --module keystone.wsgi.api:application \
        --env "OS_KEYSTONE_CONFIG_FILES=$ETC/keystone.conf" \
        --master --die-on-term --need-app --processes 1 --threads 4 \
        --enable-threads --buffer-size 65535 --add-header Connection:close
    wait_http "$KEYSTONE_URL/v3" keystone
    ADMIN_PROJECT_ID=$(KEYSTONE_URL=$KEYSTONE_URL REGION=$REGION \
        ADMIN_PASSWORD=$ADMIN_PASSWORD DEMO_PASSWORD=$DEMO_PASSWORD \
        SERVICE_PASSWORD=$SERVICE_PASSWORD \
        SERVICE_USERS="nova_lite network" \
        ENDPOINT_COMPUTE=$API_URL/v2.1 ENDPOINT_IMAGE=$API_URL/image \
        ENDPOINT_NETWORK=$NETWORK_URL \
        ENDPOINT_BLOCK_STORAGE="$API_URL/volume/v3/%(project_id)s" \
        ENDPOINT_VOLUMEV3="$API_URL/volume/v3/%(project_id)s" \
        "$BIN/python" "$TOP/devstack/lib/keystone_setup.py")
    say "Keystone ready at $KEYSTONE_URL ($((SECONDS - started)) s)"
}
wait_http() {  # url log-name
    for _ in $(seq 1 60); do
        curl -sf "$1/" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    say "nothing answers on $1; see $LOGS/$2.log"
    exit 1
}
ADMIN_PROJECT_ID=admin
if [ "$AUTH" = keystone ]; then
    start_keystone
fi

start_service network nova-lite-network "${NETWORK_CONFS[@]}"
if [ -z "$CONDUCTOR_HOSTS" ]; then
    start_service conductor nova-lite-conductor --config-file "$ETC/nova_lite.conf"
fi
for host in $CONDUCTOR_HOSTS; do
    start_service "conductor-$host" nova-lite-conductor \
        --config-file "$ETC/nova_lite.conf" --config-file "$(host_conf "$host")"
done
if [ -z "$SCHEDULER_HOSTS" ]; then
    start_service scheduler nova-lite-scheduler --config-file "$ETC/nova_lite.conf"
fi
for host in $SCHEDULER_HOSTS; do
    start_service "scheduler-$host" nova-lite-scheduler \
        --config-file "$ETC/nova_lite.conf" --config-file "$(host_conf "$host")"
done
if [ -n "${FAKE_COMPUTES:-}" ] && [ "${FAKE_COMPUTES}" -gt 0 ]; then
    # many hosts, one process (fake driver only)
    COMPUTE_HOSTS=
    start_service compute-sim nova-lite-compute-sim \
        --config-file "$ETC/nova_lite-compute.conf" \
        --sim-hosts "$FAKE_COMPUTES"
fi
for host in $COMPUTE_HOSTS; do
    start_service "compute-$host" nova-lite-compute \
        --config-file "$ETC/nova_lite-compute.conf" --config-file "$(host_conf "$host")"
done
for host in $VOLUME_HOSTS; do
    start_service "volume-$host" nova-lite-volume \
        --config-file "$ETC/nova_lite-volume.conf" --config-file "$(host_conf "$host")"
done
start_service api nova-lite-api --config-file "$ETC/nova_lite.conf"

wait_http "$API_URL" api
wait_http "$NETWORK_URL" network

# --- bootstrap ---------------------------------------------------------------
MANAGE=("$BIN/nova-lite-manage" --config-file "$ETC/nova_lite.conf")
"${MANAGE[@]}" flavor create m1.tiny --id 1 --ram 512 --vcpus 1 --disk 1
"${MANAGE[@]}" flavor create m1.small --id 2 --ram 2048 --vcpus 1 --disk 20
"${MANAGE[@]}" flavor create m1.medium --id 3 --ram 4096 --vcpus 2 --disk 40
IMAGE_FILE=$DATA_DIR/cirros-fake.img
[ -f "$IMAGE_FILE" ] || head -c 1048576 /dev/zero > "$IMAGE_FILE"
"${MANAGE[@]}" image create cirros-fake --file "$IMAGE_FILE" \
    --owner "$ADMIN_PROJECT_ID"
image_id() { sed -n 's/.*(id \(.*\))$/\1/p'; }
if [ "$VIRT_DRIVER" = libvirt ]; then
    "${MANAGE[@]}" flavor create m1.nano --id 42 --ram 128 --vcpus 1 --disk 1
    kernel_id=$("${MANAGE[@]}" image create tiny-linux-kernel \
        --file "$TINY_IMAGE_DIR/vmlinuz" --disk-format aki \
        --container-format aki --owner "$ADMIN_PROJECT_ID" | image_id)
    ramdisk_id=$("${MANAGE[@]}" image create tiny-linux-initrd \
        --file "$TINY_IMAGE_DIR/initrd.gz" --disk-format ari \
        --container-format ari --owner "$ADMIN_PROJECT_ID" | image_id)
    "${MANAGE[@]}" image create tiny-linux --file "$TINY_IMAGE_DIR/disk.raw" \
        --disk-format raw --owner "$ADMIN_PROJECT_ID" \
        --property kernel_id="$kernel_id" --property ramdisk_id="$ramdisk_id" \
        --property os_command_line="console=ttyS0 no_timer_check panic=-1"
fi
"${MANAGE[@]}" network create --name private --cidr "$NETWORK_CIDR" --shared \
    --project "$ADMIN_PROJECT_ID"

noauth_cloud() {  # name token project
    cat <<YAML
  $1:
    auth_type: admin_token
    auth:
      token: $2
      endpoint: $API_URL/v2.1
    compute_endpoint_override: $API_URL/v2.1
    image_endpoint_override: $API_URL/image
    block_storage_endpoint_override: $API_URL/volume/v3/$3
    identity_api_version: 3
    identity_endpoint_override: $API_URL/identity/v3
    network_endpoint_override: $NETWORK_URL
YAML
}
keystone_cloud() {  # name user project password
    cat <<YAML
  $1:
    auth_type: password
    auth:
      auth_url: $KEYSTONE_URL
      username: $2
      project_name: $3
      password: $4
      user_domain_name: Default
      project_domain_name: Default
    identity_api_version: 3
    region_name: $REGION
YAML
}
if [ "$AUTH" = keystone ]; then
    {
        echo '# Written by devstack/stack.sh: Keystone password auth, the'
        echo '# clients find the services in its catalog.'
        echo 'clouds:'
        keystone_cloud nova-lite admin admin "$ADMIN_PASSWORD"
        keystone_cloud nova-lite-demo demo demo "$DEMO_PASSWORD"
    } > "$DATA_DIR/clouds.yaml"
else
    {
        echo '# Written by devstack/stack.sh.  noauth2: the token is "user:project".'
        echo 'clouds:'
        noauth_cloud nova-lite admin:admin admin
        noauth_cloud nova-lite-demo demo:demo demo
    } > "$DATA_DIR/clouds.yaml"
fi

if [ "$VIRT_DRIVER" = libvirt ] && [ "${BOOT_FIRST_SERVER:-1}" = 1 ]; then
    say "booting a first real server (tiny-linux, m1.nano)"
    OS_CLIENT_CONFIG_FILE=$DATA_DIR/clouds.yaml OS_CLOUD=nova-lite \
        "$BIN/openstack" server create --flavor m1.nano --image tiny-linux \
        --network private --wait first-server -f value -c id -c status
fi

say "nova_lite is running at $API_URL. To use it:"
echo "export OS_CLIENT_CONFIG_FILE=$DATA_DIR/clouds.yaml"
echo "export OS_CLOUD=nova-lite"
