"""Discovery: search terms, filters, signals and audience similarity (pure; docs/discovery.md).

The store (resonanz/web/store/search.py) keeps the full-text index; this package only decides
what text goes into it, how a query becomes safe search terms, and how results are filtered,
sorted and explained. Nothing here imports a database or an NLP library.
"""
