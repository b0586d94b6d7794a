# Sphinx configuration of the release notes (``tox -e releasenotes``).
# reno reads the notes from git history, so they must be committed.

project = 'manila-ensure release notes'
copyright = 'manila-ensure contributors'
author = 'manila-ensure contributors'

extensions = ['reno.sphinxext']

templates_path = []
exclude_patterns = []
master_doc = 'index'
language = 'en'
pygments_style = 'sphinx'
html_theme = 'alabaster'
html_static_path = []
