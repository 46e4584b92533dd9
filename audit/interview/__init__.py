"""The terminal intake interview: a pure session (state, navigation, saving) and a thin UI.

`session.py` holds everything that can be tested without a terminal; `prompts.py` draws it
with prompt_toolkit (one typed line per question, the same for every type) and `summary.py`
prints the closing summary with rich.
"""
