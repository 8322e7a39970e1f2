import hashlib

from conftest import SEED


def test_seed_is_the_pinned_source_byte_for_byte():
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "9dfd505f7cff13a7da1dbe3f3f087560166cbc7de8d6a63c63c1a7845d2900a7"
