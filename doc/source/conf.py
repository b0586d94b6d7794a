# Sphinx configuration of the manila-ensure documentation.
#
# Built with ``tox -e docs`` (sphinx-build -W: a warning fails the build).
# No network access is needed: the theme is Sphinx's bundled alabaster and
# the configuration and CLI references are generated from the code.

import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join('..', '..')))

project = 'manila-ensure'
copyright = 'manila-ensure contributors'
author = 'manila-ensure contributors'

extensions = [
    'oslo_config.sphinxext',
    'oslo_policy.sphinxext',
    'cliff.sphinxext',
]

templates_path = []
exclude_patterns = []
source_suffix = {'.rst': 'restructuredtext'}
master_doc = 'index'
language = 'en'
pygments_style = 'sphinx'

html_theme = 'alabaster'
html_static_path = []
html_theme_options = {
    'description': 'Shared File Systems with a live ensure-shares API',
}
html_sidebars = {
    '**': ['about.html', 'navigation.html', 'searchbox.html'],
}

# cliff.sphinxext: document the openstackclient plugin command.
autoprogram_cliff_application = 'openstack'
