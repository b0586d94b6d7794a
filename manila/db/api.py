"""Database API facade: what the rest of manila calls.

Every function takes a RequestContext first. The implementations live in
one module per resource under manila/db/sqlalchemy/; this file only names
them, so callers never import SQLAlchemy.
"""

from manila.db.sqlalchemy import backend_info as _backend_info
from manila.db.sqlalchemy import services as _services

# Services
service_create = _services.service_create
service_get = _services.service_get
service_get_by_args = _services.service_get_by_args
service_get_all = _services.service_get_all
service_update = _services.service_update
service_heartbeat = _services.service_heartbeat
service_claim_ensuring = _services.service_claim_ensuring
service_release_ensuring = _services.service_release_ensuring

# Backend info
backend_info_get = _backend_info.backend_info_get
backend_info_update = _backend_info.backend_info_update
