def test_boot(cloud):
    sid = cloud.create_server()
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
