"""oslo.i18n integration for the manila package."""

import oslo_i18n

_translators = oslo_i18n.TranslatorFactory(domain='manila')

# The primary translation function using the well-known name "_"
_ = _translators.primary
