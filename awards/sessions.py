"""Database sessions whose keys carry a signature, so that the public page cache can tell a
real session cookie from a made-up one without a database query.

Staff see drafts under a preview banner, so their public pages never come from the shared
cache (awards/caching.py). Anyone can send `sessionid=made-up`, though: were any session cookie
enough, every such request would skip the cache and force a fresh render. Each key this engine
makes ends with an HMAC of its random part (SECRET_KEY, salted), checked in microseconds; a
cookie that fails it is treated as no session at all, for the page cache. The session itself
still lives in the database and still decides who may see what.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

SALT = "awards.sessions.key"
RANDOM_LENGTH = 24
MAC_LENGTH = 16  # 64 bits; the session key column holds 40 characters


def _mac(random_part: str) -> str:
    return salted_hmac(SALT, random_part, algorithm="sha256").hexdigest()[:MAC_LENGTH]


def signed_key() -> str:
    random_part = get_random_string(RANDOM_LENGTH, "abcdefghijklmnopqrstuvwxyz0123456789")
    return random_part + _mac(random_part)


def is_genuine(key: str | None) -> bool:
    """The key was made by this site (it may still have expired or been deleted since)."""
    if not key or len(key) != RANDOM_LENGTH + MAC_LENGTH:
        return False
    return constant_time_compare(key[RANDOM_LENGTH:], _mac(key[:RANDOM_LENGTH]))


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self):
        while True:
            key = signed_key()
            if not self.exists(key):
                return key
