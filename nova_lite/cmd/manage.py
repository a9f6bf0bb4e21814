"""nova-lite-manage: schema sync, service listing, bootstrap of flavors,
images and networks.  Bootstrap commands are idempotent: an existing name
is left as is.
"""

import hashlib
import os
import shutil
import sys

from oslo_config import cfg
import oslo_messaging as messaging

from nova_lite.api.controllers import images as image_store
from nova_lite import baserpc
from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite.db import migration
from nova_lite import exception
from nova_lite.network import db as network_db
from nova_lite import objects
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import image as image_obj
from nova_lite.objects import service as service_obj
from nova_lite import rpc
from nova_lite.servicegroup import api as servicegroup
from nova_lite import version

CONF = nl_conf.CONF


def db_sync():
    migration.db_sync()
    print('Database at revision %s' % migration.db_version())


def db_version():
    print(migration.db_version())


def service_list():
    context = nl_context.get_admin_context()
    group = servicegroup.API(CONF)
    fmt = '%-4s %-22s %-16s %-9s %-5s %s'
    print(fmt % ('Id', 'Binary', 'Host', 'Status', 'State', 'Updated'))
    for svc in service_obj.ServiceList.get_all(context):
        print(fmt % (svc.id, svc.binary, svc.host,
                     'disabled' if svc.disabled else 'enabled',
                     'up' if group.service_is_up(svc) else 'down',
                     svc.updated_at or svc.created_at))


def service_ping():
    """Ask a service's RPC server to answer: proves it consumes again."""
    args = CONF.category
    rpc.init(CONF)
    try:
        answer = baserpc.BaseAPI(CONF, args.topic).ping(
            nl_context.get_admin_context(), 'nova-lite-manage',
            server=args.server_host, timeout=args.timeout)
    except messaging.MessagingTimeout:
        print('No answer on topic %s%s within %ss' % (
            args.topic,
            ' server %s' % args.server_host if args.server_host else '',
            args.timeout), file=sys.stderr)
        return 1
    finally:
        rpc.cleanup()
    print('%(service)s on %(host)s answered' % answer)
    return 0


def flavor_create():
    args = CONF.category
    context = nl_context.get_admin_context()
    try:
        flavor = flavor_obj.Flavor.get_by_flavor_id(
            context, args.id or args.flavor_name)
        print('Flavor %s exists (id %s)' % (flavor.name, flavor.flavorid))
        return
    except exception.FlavorNotFound:
        pass
    flavor = flavor_obj.Flavor(context, name=args.flavor_name,
                               flavorid=args.id or args.flavor_name,
                               memory_mb=args.ram, vcpus=args.vcpus,
                               root_gb=args.disk, is_public=True,
                               disabled=False)
    try:
        flavor.create()
    except exception.FlavorExists as exc:
        print(exc.format_message())
        return
    print('Flavor %s created (id %s)' % (flavor.name, flavor.flavorid))


def _properties(pairs):
    properties = {}
    for pair in pairs:
        key, sep, value = pair.partition('=')
        if not sep or not key:
            sys.exit('--property takes KEY=VALUE, not %r' % pair)
        properties[key] = value
    return properties


def image_create():
    args = CONF.category
    context = nl_context.get_admin_context()
    existing = image_obj.ImageList.get_all(context,
                                           {'name': args.image_name})
    if existing:
        print('Image %s exists (id %s)' % (args.image_name, existing[0].id))
        return
    image = image_obj.Image(context, name=args.image_name, status='queued',
                            visibility='public', owner=args.owner,
                            disk_format=args.disk_format,
                            container_format=args.container_format,
                            properties=_properties(args.properties))
    image.create()
    store = image_store.store_dir()
    os.makedirs(store, exist_ok=True)
    target = os.path.join(store, image.id)
    shutil.copyfile(args.file, target)
    with open(target, 'rb') as data:
        image.checksum = hashlib.md5(data.read(),
                                     usedforsecurity=False).hexdigest()
    image.size = os.path.getsize(target)
    image.status = 'active'
    image.save()
    print('Image %s created (id %s)' % (image.name, image.id))


def network_create():
    """A network and one IPv4 subnet; prints the network id (only), so
    scripts can capture it, whether created or found by name."""
    args = CONF.category
    context = nl_context.get_admin_context()
    existing = network_db.network_list(context,
                                       {'name': [args.network_name]})
    if existing:
        print('Network %s exists' % args.network_name, file=sys.stderr)
        print(existing[0]['id'])
        return
    network = network_db.network_create(context, {
        'name': args.network_name, 'project_id': args.project,
        'shared': args.shared})
    subnet = {'network_id': network['id'], 'project_id': args.project,
              'name': args.network_name + '-subnet', 'cidr': args.cidr}
    if args.gateway is not None:
        subnet['gateway_ip'] = None if args.gateway.lower() == 'none' \
            else args.gateway
    try:
        network_db.subnet_create(context, subnet)
    except exception.NovaLiteException:
        network_db.network_delete(context, network['id'])
        raise
    print('Network %s created' % args.network_name, file=sys.stderr)
    print(network['id'])


def _add_parsers(subparsers):
    db = subparsers.add_parser('db', help='database schema')
    db_sub = db.add_subparsers(dest='action')
    db_sub.required = True
    db_sub.add_parser('sync').set_defaults(func=db_sync)
    db_sub.add_parser('version').set_defaults(func=db_version)

    service = subparsers.add_parser('service', help='services')
    service_sub = service.add_subparsers(dest='action')
    service_sub.required = True
    service_sub.add_parser('list').set_defaults(func=service_list)
    ping = service_sub.add_parser('ping', help='ping a service over RPC')
    ping.add_argument('topic', help='conductor, scheduler or compute')
    ping.add_argument('--server', dest='server_host',
                      help='the server (host) to ask')
    ping.add_argument('--timeout', type=int, default=10)
    ping.set_defaults(func=service_ping)

    flavor = subparsers.add_parser('flavor', help='flavors')
    flavor_sub = flavor.add_subparsers(dest='action')
    flavor_sub.required = True
    create = flavor_sub.add_parser('create')
    create.add_argument('flavor_name', metavar='NAME')
    create.add_argument('--id')
    create.add_argument('--ram', type=int, required=True)
    create.add_argument('--vcpus', type=int, required=True)
    create.add_argument('--disk', type=int, default=0)
    create.set_defaults(func=flavor_create)

    image = subparsers.add_parser('image', help='images')
    image_sub = image.add_subparsers(dest='action')
    image_sub.required = True
    create = image_sub.add_parser('create')
    create.add_argument('image_name', metavar='NAME')
    create.add_argument('--file', required=True)
    create.add_argument('--disk-format', default='raw')
    create.add_argument('--container-format', default='bare')
    create.add_argument('--owner', default='admin')
    create.add_argument('--property', dest='properties', action='append',
                        default=[], metavar='KEY=VALUE',
                        help='image property (kernel_id, ramdisk_id, '
                             'os_command_line...); repeatable')
    create.set_defaults(func=image_create)

    network = subparsers.add_parser('network', help='networks')
    network_sub = network.add_subparsers(dest='action')
    network_sub.required = True
    create = network_sub.add_parser(
        'create', help='a network with one IPv4 subnet (prints its id)')
    create.add_argument('--name', dest='network_name', required=True)
    create.add_argument('--cidr', required=True, help='e.g. 10.0.0.0/24')
    create.add_argument('--gateway',
                        help='gateway IP (default: first host; "none": no '
                             'gateway)')
    create.add_argument('--shared', action='store_true',
                        help='usable by every project')
    create.add_argument('--project', default='admin',
                        help='owning project (default admin)')
    create.set_defaults(func=network_create)


def main(argv=None):
    nl_conf.register_all(CONF)
    CONF.register_cli_opt(cfg.SubCommandOpt('category',
                                            handler=_add_parsers))
    CONF(argv if argv is not None else sys.argv[1:], project='nova_lite',
         prog='nova-lite-manage', version=version.VERSION)
    objects.register_all()
    try:
        return CONF.category.func() or 0
    except exception.NovaLiteException as exc:
        print(exc.format_message(), file=sys.stderr)
        return 1
