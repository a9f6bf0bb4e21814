"""The network service's REST API: a Neutron v2.0 subset (networks,
subnets, ports) on pecan, with Neutron's bodies and error shapes."""
