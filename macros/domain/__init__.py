"""The domain: the typed corpus, citations, evidence, source facts, page addresses, the publication.

Pure Python with no files, no processes and no site generator: every other layer builds on it.
"""
