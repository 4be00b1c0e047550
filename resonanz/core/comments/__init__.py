"""Comment quality: pure rules that sort comments into meaningful, generic praise, emoji-only, spam.

Modules: :mod:`~resonanz.core.comments.settings` (the ``[comments]`` defaults and word lists),
:mod:`~resonanz.core.comments.lexicon` (text folding and the compiled word lists),
:mod:`~resonanz.core.comments.features` (vectorised features of each text) and
:mod:`~resonanz.core.comments.rules` (the decision). Language detection needs lingua and lives in
:mod:`resonanz.batch.language`; the per-account component is :mod:`resonanz.core.vetting.comments`.

This package imports nothing at import time, so :mod:`resonanz.core.config` can import its
settings without a cycle.
"""
