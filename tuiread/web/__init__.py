"""Adding articles from the web: fetching pages politely, feeds, saved pages, provenance.

Core code: no Textual here. ``adding`` is the entry point the CLI and the app call.
"""
