"""Content similarity of accounts: TF-IDF cosine over their search documents (scikit-learn).

The documents are the normalised search documents of the store's full-text index (lemmas,
folded umlauts; :mod:`resonanz.core.discovery.text`), so "Laufschuhe" and "laufschuh" are one
term. Terms are weighted by sublinear TF × IDF: a hashtag every account uses (#instagood)
counts little, a niche word shared by few counts much. Vectors are L2-normalised, so the dot
product is the cosine (0–1).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def content_similarity(documents: Mapping[int, str], target: int) -> dict[int, float]:
    """Cosine similarity (0–1) of every document to ``target``'s (target included, 1.0).

    Empty when the target has no document or no document has a word.
    """
    if target not in documents or not documents[target].strip():
        return {}
    ids = list(documents)
    vectorizer = TfidfVectorizer(
        token_pattern=r"(?u)\b\w\w+\b", sublinear_tf=True, lowercase=False, dtype=np.float64
    )
    try:
        matrix = vectorizer.fit_transform([documents[i] for i in ids])
    except ValueError:  # no word in any document
        return {}
    row = matrix[ids.index(target)]
    sims = (matrix @ row.T).toarray().ravel()
    return {i: float(min(1.0, max(0.0, s))) for i, s in zip(ids, sims, strict=True)}
