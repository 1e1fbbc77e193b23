"""django-import-export resources for the per-model admin screens, keyed by natural keys.

Columns carry the same Chinese headers as the whole-edition workbook. One module per record
(`editions`, `lists`, `nominees`, `cases`, `awards`) over a shared `base.SummitResource`
(header checks, typed text, duplicate keys, validation) and the cell `widgets` (related rows
found by natural key through `match_key`, with the closest names suggested when unknown).

The formats in awards.importing.formats neutralise formulas and add the CSV BOM on export.
"""

from awards.resources.awards import AwardResource
from awards.resources.cases import CaseResource
from awards.resources.editions import EditionResource
from awards.resources.lists import AwardListResource
from awards.resources.nominees import NomineeResource

__all__ = [
    "AwardListResource",
    "AwardResource",
    "CaseResource",
    "EditionResource",
    "NomineeResource",
]
