"""Formats: the corpus in other tools' formats (BibTeX, CSL-JSON, RIS, the corpus as JSON, Atom,
schema.org JSON-LD, "Cite this"), the bibliography's and the search's data, and the import from
reference managers. Each is a function of the corpus (a `Site`) and the `Publication`.
"""
