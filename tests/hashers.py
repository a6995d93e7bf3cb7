from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting every password it hashes: checking one or setting one."""

    calls = 0
    _verifying = False

    def encode(self, password, salt):
        if not CountingHasher._verifying:  # MD5's verify() encodes once itself
            CountingHasher.calls += 1
        return super().encode(password, salt)

    def verify(self, password, encoded):
        CountingHasher.calls += 1
        CountingHasher._verifying = True
        try:
            return super().verify(password, encoded)
        finally:
            CountingHasher._verifying = False
