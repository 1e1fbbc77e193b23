"""Trigram indexes for search (awards/search_index.py; issue 21): FTS5 tables kept by triggers
on SQLite, pg_trgm GIN indexes on PostgreSQL. The SQLite tables are filled from the rows
already there; PostgreSQL builds its indexes from them."""

from django.db import migrations

from awards import search_index, triggers


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0016_h21m_pinyin"),
    ]

    operations = [
        migrations.RunPython(
            triggers.run_sql(
                {
                    "sqlite": search_index.SEARCH_INDEX_SQLITE,
                    "postgresql": search_index.SEARCH_INDEX_POSTGRESQL,
                }
            ),
            triggers.run_sql(
                {
                    "sqlite": search_index.SEARCH_INDEX_SQLITE_REVERSE,
                    "postgresql": search_index.SEARCH_INDEX_POSTGRESQL_REVERSE,
                }
            ),
        ),
    ]
