"""A paper's full text: where it is (file, URL, arXiv), its bytes, and title resolution."""
