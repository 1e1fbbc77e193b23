"""The awards domain: editions, their award lists, nominees, cases and awards.

One module per record (fields, constraints, derived values of one row); they import the
foundation (`awards.text`, `awards.pinyin`, `awards.slugs`, `awards.codes`) and
`awards.querysets`, and each other only downwards: editions <- lists <- awards, nominees <-
cases <- awards. Import the models from here: `from awards.models import Edition`.
"""

# isort: off
# In the order the single module declared them, so Django registers the models (and so
# dumpdata, the admin's history and anything iterating the app's models) as before.
from awards.models.base import FIRST_YEAR, LAST_YEAR
from awards.models.editions import Edition
from awards.models.lists import RESERVED_LIST_SLUGS, AwardList
from awards.models.nominees import Nominee
from awards.models.cases import Case, UnitRole
from awards.models.awards import Award
from awards.models.data_version import DataVersion

# isort: on

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "RESERVED_LIST_SLUGS",
    "Award",
    "AwardList",
    "Case",
    "DataVersion",
    "Edition",
    "Nominee",
    "UnitRole",
]
