"""Stage 6 helper: insert many new rows, and their history rows, with plain executemany.

Django's bulk_create prepares and compiles every value of every row (most of an import's write
time), and simple_history's bulk_create_with_history builds a model instance per history row
first. For the rows an import counts in thousands (awards) this writes the same rows on the
same connection and transaction: values are prepared by the field itself only for types that
need it (dates and times), and the history rows are exactly what bulk_create_with_history
writes ("+", the user, the reason, one timestamp for the import). Imports only the ORM.
"""

from django.conf import settings
from django.db import connection
from django.utils import timezone

# Types whose Python values every database driver takes as they are.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _preparer(field):
    if field.get_internal_type() in PLAIN_TYPES:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _column_values(fields, rows: list[list]) -> list[list]:
    """Rows of Python values -> rows of database values, column by column."""
    preparers = [(index, _preparer(field)) for index, field in enumerate(fields)]
    for index, prepare in preparers:
        if prepare is not None:
            for row in rows:
                row[index] = prepare(row[index])
    return rows


def _insert(model, fields, rows: list[list], batch_size: int):
    """Rows of database values (see _column_values) into the model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # In-process: one prepared statement run per row is the fastest way in.
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {one_row}", rows)
            return
        # Over the network, one statement per table: one array per column, unnested
        # (as Django 5.2's own bulk_create does on PostgreSQL), so the SQL stays short.
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        columns_values = [list(column) for column in zip(*rows, strict=True)]
        for start in range(0, len(rows), batch_size):
            chunk = [column[start : start + batch_size] for column in columns_values]
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT * FROM UNNEST({arrays})", chunk)


def _attribute_values(fields, spec: dict) -> list:
    """A spec's value per field: by attname (nominee_id), else a related object's pk, else
    the field's default."""
    values = []
    for field in fields:
        if field.attname in spec:
            values.append(spec[field.attname])
        elif field.name in spec:
            related = spec[field.name]
            values.append(related.pk if related is not None else None)
        else:
            values.append(field.get_default())
    return values


def insert_with_history(model, specs: list[dict], *, key: tuple, user, reason: str, batch_size):
    """Insert one row per spec ({attname or field name: value}) and its history row.

    `key` names the fields that identify a new row (e.g. list and position); the new primary
    keys are read back by it in one query, as executemany returns none.
    """
    if not specs:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    rows = _column_values(fields, [_attribute_values(fields, spec) for spec in specs])
    key_index = [fields.index(model._meta.get_field(name)) for name in key]
    keys = [tuple(row[i] for i in key_index) for row in rows]
    _insert(model, fields, rows, batch_size)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    first = model._meta.get_field(key[0])
    stored = model._default_manager.filter(
        **{f"{first.attname}__in": {k[0] for k in keys}}
    ).values_list(*(model._meta.get_field(name).attname for name in key), "pk")
    pks = {tuple(found[:-1]): found[-1] for found in stored}
    _insert_history(model, fields, rows, [pks[k] for k in keys], user, reason, batch_size)


def _insert_history(model, fields, rows, pks, user, reason, batch_size):
    """The history rows of new rows: their values (already database values) plus '+'."""
    history = model.history.model
    by_attname = {field.attname: index for index, field in enumerate(fields)}
    tracked = [history._meta.get_field(field.attname) for field in history.tracked_fields]
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    columns = tracked + [history._meta.get_field(name) for name in extra]
    now = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    user_id = getattr(user, "pk", None)
    pk_name = model._meta.pk.attname
    positions = [None if f.attname == pk_name else by_attname[f.attname] for f in tracked]
    history_rows = [
        [pk if index is None else row[index] for index in positions] + [now, reason, "+", user_id]
        for row, pk in zip(rows, pks, strict=True)
    ]
    _insert(history, columns, history_rows, batch_size)
