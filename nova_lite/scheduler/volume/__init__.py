"""The volume scheduler: served by nova-lite-scheduler on topic
``scheduler`` (namespace ``volume_scheduler``), as SPEC §2 puts
``create_volume`` beside ``select_destinations``."""
