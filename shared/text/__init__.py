"""Text handling shared by every service: English and Bengali normalisation and tokenization."""
