"""Similarity: the engine a Corpus holds, and everything it is made of (design §4).

One way down: ``layout`` > ``topics`` > ``engine`` (``Similarity``) > ``cache`` | ``build`` |
``embeddings`` > ``index`` (the inverted index) > ``terms`` | ``settings``. The engine works
on a papers frame, never on a Corpus. Import the module you need; this package imports none
of them, so ``import paperwidgets.similarity.settings`` stays light.
"""
