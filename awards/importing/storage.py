"""django-import-export's temporary storage, kept in the database.

The library's default (a local temp folder) loses the file when the confirm
request lands on another app server; the database is shared by all of them.
"""

import uuid

from import_export.tmp_storages import BaseStorage

from awards.importing.models import PendingImport


class DatabaseStorage(BaseStorage):
    """Saves the uploaded bytes as a PendingImport; `name` is its id."""

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        pending = PendingImport.objects.create(
            kind=PendingImport.Kind.RESOURCE, content=data, filename=""
        )
        self.name = str(pending.pk)

    def _pending(self):
        try:
            key = uuid.UUID(str(self.name))
        except ValueError:
            return None
        return PendingImport.objects.live().filter(pk=key).first()

    def read(self):
        pending = self._pending()
        if pending is None:
            raise FileNotFoundError(self.name)
        data = bytes(pending.content)
        if "b" not in (self.read_mode or "rb"):
            return data.decode(self.encoding or "utf-8-sig")
        return data

    def remove(self):
        pending = self._pending()
        if pending is not None:
            pending.delete()
