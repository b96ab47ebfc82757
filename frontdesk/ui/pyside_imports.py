"""Imports after PySide6 without reading each module's source.

Once PySide6 is loaded, its import hook (the one behind `from __feature__ import snake_case`) asks of
every module imported afterwards, and of every module a `from … import` names for the first time,
whether it "uses PySide": it reads the module's whole source with `inspect.getsource` (into linecache,
where it stays) and looks for the word "PySide6". The answer only picks which PySide features that
module's code sees; Front desk selects none anywhere, so every module sees the default set whatever
the answer. At start-up the scan read 46 modules' sources before the board's first paint (11–15 ms
here, and some 2 MB of text kept in memory), and some 150 more as the screens hooked in.

`skip_source_scans` answers "yes, the default features" without reading anything. A module that does
select features still gets them: `from __feature__ import …` records its choice while the module runs,
and the hook asks only about modules it has no answer for yet. What changes is only for code that
selects features, which Front desk does nowhere: a module that never names PySide6, called from one
that selected snake_case, used to see its caller's selection (the hook's "-1") and now sees Qt's own
names ("0"). Where a PySide6 version has no such hook (or names it otherwise), nothing is changed.
"""

from __future__ import annotations

import sys

_FEATURE_MODULE = "shibokensupport.feature"  # PySide6's own, loaded with PySide6
_SCAN = "_mod_uses_pyside"


def _uses_default_features(*_module: object, **_more: object) -> bool:
    # Whatever a later PySide6 passes: a hook that raised would fail every import after Qt.
    return True  # the hook records 0, "PySide's default features", for the module: nothing is read


def skip_source_scans() -> bool:
    """Stop PySide6's import hook from reading the source of each module imported from now on; True if
    the hook was found and is now answered without reading (idempotent)."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _SCAN, None)):
        return False
    setattr(feature, _SCAN, _uses_default_features)
    return True
