"""Content similarity of accounts: TF-IDF cosine over their search documents (scikit-learn).

The documents are the normalised search documents of the store's full-text index (lemmas,
folded umlauts, words separated by spaces; :mod:`resonanz.core.discovery.text`), so
"Laufschuhe" and "laufschuh" are one term and splitting on spaces is all the tokenising left.
Terms are weighted by sublinear TF × IDF: a hashtag every account uses (#instagood) counts
little, a niche word shared by few counts much; a word in one document only is dropped (it
cannot make two accounts alike). Rows are L2-normalised, so the dot product is the cosine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class ContentSimilarity:
    """Cosine (0–1) of every document to the target's, and the IDF of the target's terms."""

    similarity: dict[int, float]
    idf: dict[str, float]


def content_similarity(documents: Mapping[int, str], target: int) -> ContentSimilarity:
    """TF-IDF cosine of every document to ``target``'s (target included, 1.0).

    Empty when the target has no document or no document shares a word with another.
    """
    if target not in documents or not documents[target].strip():
        return ContentSimilarity({}, {})
    ids = list(documents)
    vectorizer = TfidfVectorizer(
        analyzer=str.split,
        sublinear_tf=True,
        lowercase=False,
        min_df=2 if len(ids) > 2 else 1,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform([documents[i] for i in ids])
    except ValueError:  # no word left
        return ContentSimilarity({}, {})
    row = matrix[ids.index(target)]
    sims = (matrix @ row.T).toarray().ravel()
    vocab = vectorizer.vocabulary_
    idf = {
        w: float(vectorizer.idf_[vocab[w]]) for w in set(documents[target].split()) if w in vocab
    }
    return ContentSimilarity(
        {i: float(min(1.0, max(0.0, s))) for i, s in zip(ids, sims, strict=True)}, idf
    )
