"""[image] options: the small Glance v2 image service inside the API."""

from oslo_config import cfg

image_group = cfg.OptGroup('image', title='Image service',
                           help='Options of the Glance v2 subset served '
                                'under /image by nova-lite-api.')

image_opts = [
    cfg.StrOpt('store_dir',
               help="""
Directory holding uploaded image files.  Unset: ``$state_path/images``.
"""),
    cfg.IntOpt('max_image_size_mb', default=10240, min=1,
               help='Largest image upload accepted, in MiB.'),
]


def register_opts(conf):
    conf.register_group(image_group)
    conf.register_opts(image_opts, group=image_group)


def list_opts():
    return {image_group: image_opts}
