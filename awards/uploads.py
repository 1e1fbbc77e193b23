"""Where uploaded files are stored: under a random name, never the name they were sent with.

A seal uploaded for a draft edition's certificate design must not be found at a guessable
address (/media/certificates/seals/seal.png) before the edition is published; a random name
also means a new upload never overwrites an old one that a cached page still shows.
"""

import posixpath
import uuid

from django.utils.deconstruct import deconstructible


@deconstructible
class RandomName:
    """`upload_to` for a FileField: `<folder>/<32 random hex digits><extension>`."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = posixpath.splitext(filename)[1].lower()[:10]
        return posixpath.join(self.folder, uuid.uuid4().hex + extension)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder
