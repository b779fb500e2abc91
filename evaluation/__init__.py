"""Offline evaluation of the matcher's ranking against TF-IDF and BM25 baselines on real data."""
