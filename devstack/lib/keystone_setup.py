"""Register nova_lite's projects, users and service catalog in Keystone.

Run by stack.sh (AUTH=keystone) after ``keystone-manage bootstrap``, which
made the ``admin`` user, project and roles, the region and the identity
endpoint.  Adds the ``demo`` project and user (member), the ``service``
project with one user per nova_lite service (admin there, as Nova's and
Neutron's service users), and the compute, image and network endpoints.
Idempotent: what exists is kept, passwords and endpoint URLs are set to
the given ones.  Prints the admin project's id.

One openstacksdk connection instead of ~20 ``openstack`` CLI runs (each
one a second or two of start-up).  Configured by the environment:
KEYSTONE_URL, REGION, ADMIN_PASSWORD, DEMO_PASSWORD, SERVICE_PASSWORD,
SERVICE_USERS (e.g. "nova_lite network"), and one ENDPOINT_<TYPE>=URL per
catalog entry (ENDPOINT_COMPUTE, ENDPOINT_IMAGE, ENDPOINT_NETWORK,
ENDPOINT_BLOCK_STORAGE; ``_`` becomes ``-`` in the service type).
"""

import os

import openstack

DOMAIN = 'default'
SERVICE_NAMES = {'compute': 'nova_lite', 'image': 'nova_lite_image',
                 'network': 'nova_lite_network',
                 'block-storage': 'nova_lite_volume',
                 'volumev3': 'nova_lite_volumev3'}


def ensure_project(identity, name):
    return identity.find_project(name, domain_id=DOMAIN) or \
        identity.create_project(name=name, domain_id=DOMAIN)


def ensure_user(identity, name, password, project, role):
    user = identity.find_user(name, domain_id=DOMAIN)
    if user is None:
        user = identity.create_user(name=name, password=password,
                                    domain_id=DOMAIN,
                                    default_project_id=project.id)
    else:
        user = identity.update_user(user, password=password)
    identity.assign_project_role_to_user(project, user, role)
    return user


def ensure_endpoint(identity, service_type, url, region):
    services = list(identity.services(type=service_type))
    service = services[0] if services else identity.create_service(
        name=SERVICE_NAMES.get(service_type, service_type),
        type=service_type, enabled=True)
    for interface in ('public', 'internal'):
        found = list(identity.endpoints(service_id=service.id,
                                        interface=interface,
                                        region_id=region))
        if not found:
            identity.create_endpoint(service_id=service.id,
                                     interface=interface, url=url,
                                     region_id=region)
        elif found[0].url != url:
            identity.update_endpoint(found[0], url=url)


def main(env):
    region = env.get('REGION', 'RegionOne')
    conn = openstack.connect(
        load_yaml_config=False, load_envvars=False,
        auth_type='password', region_name=region,
        auth={'auth_url': env['KEYSTONE_URL'] + '/v3',
              'username': 'admin', 'password': env['ADMIN_PASSWORD'],
              'project_name': 'admin', 'user_domain_id': DOMAIN,
              'project_domain_id': DOMAIN})
    identity = conn.identity
    admin_role = identity.find_role('admin', ignore_missing=False)
    member_role = identity.find_role('member', ignore_missing=False)

    demo = ensure_project(identity, 'demo')
    ensure_user(identity, 'demo', env['DEMO_PASSWORD'], demo, member_role)
    service = ensure_project(identity, 'service')
    for name in env.get('SERVICE_USERS', 'nova_lite network').split():
        ensure_user(identity, name, env['SERVICE_PASSWORD'], service,
                    admin_role)
    for key, url in sorted(env.items()):
        if key.startswith('ENDPOINT_'):
            # ENDPOINT_BLOCK_STORAGE -> service type block-storage
            ensure_endpoint(identity,
                            key[len('ENDPOINT_'):].lower().replace('_', '-'),
                            url, region)
    print(identity.find_project('admin', domain_id=DOMAIN,
                                ignore_missing=False).id)


if __name__ == '__main__':
    main(os.environ)
