"""Python's cyclic garbage collector, held back while one step builds many objects at once.

Each time allocations cross generation 0's threshold the collector runs, and a full
collection walks every live object: while a step builds 10^5 objects (a 10,000-row import
plan, 48 certificate pages), those collections cost a quarter of its CPU or more, and more
per object the larger the step. The steps below make little cyclic garbage, so pausing is
safe; the first collection after the step frees what it left.
"""

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
