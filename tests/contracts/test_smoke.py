def test_seed_loads(seed):
    assert seed.amendments.count() == 4
