"""Loading and checking: data/ read strictly into a typed Corpus, or every problem at once.

The only layer that reads data files (and git, for dates and the data's version).
"""
