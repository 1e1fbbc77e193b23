"""Many rows' stored results in one UPDATE.

Django's bulk_update builds a CASE expression per field per row, resolving each one: for
2,000 candidates that alone takes seconds. Here SQLite runs one prepared UPDATE per row
(executemany, in-process), and PostgreSQL one statement joining the table to the values
unnested from one array per column (as awards/importing/writing.py inserts), so the round
trips do not grow with the rows.
"""

import json

from django.db import connection
from django.db.models import JSONField


def update_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """rows: (pk, value of fields[0], value of fields[1], …) for each row to update."""
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    if connection.vendor == "postgresql":
        _update_postgresql(meta, columns, rows)
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(columns, row[1:], strict=True)
        ]
        + [row[0]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _update_postgresql(meta, columns, rows) -> None:
    quote = connection.ops.quote_name
    names = [f"v{i}" for i in range(len(columns))]
    arrays = [f"%s::{meta.pk.db_type(connection)}[]"]
    assignments = []
    values = [[row[0] for row in rows]]
    for index, (field, name) in enumerate(zip(columns, names, strict=True)):
        if isinstance(field, JSONField):
            arrays.append("%s::text[]")
            assignments.append(f"{quote(field.column)} = v.{name}::jsonb")
            values.append(
                [None if r[index + 1] is None else json.dumps(r[index + 1]) for r in rows]
            )
        else:
            arrays.append(f"%s::{field.db_type(connection)}[]")
            assignments.append(f"{quote(field.column)} = v.{name}")
            values.append([r[index + 1] for r in rows])
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {', '.join(assignments)} "
        f"FROM UNNEST({', '.join(arrays)}) AS v(pk, {', '.join(names)}) "
        f"WHERE t.{quote(meta.pk.column)} = v.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
