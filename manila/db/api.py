"""Database API facade: what the rest of manila calls.

Every function takes a RequestContext first. The implementations live in
one module per resource under manila/db/sqlalchemy/; this file only names
them, so callers never import SQLAlchemy.
"""

from manila.db.sqlalchemy import access_rules as _access_rules
from manila.db.sqlalchemy import capabilities as _capabilities
from manila.db.sqlalchemy import ensure as _ensure
from manila.db.sqlalchemy import export_locations as _export_locations
from manila.db.sqlalchemy import messages as _messages
from manila.db.sqlalchemy import services as _services
from manila.db.sqlalchemy import share_instances as _share_instances
from manila.db.sqlalchemy import share_types as _share_types
from manila.db.sqlalchemy import shares as _shares

# Services
service_create = _services.service_create
service_get = _services.service_get
service_get_by_args = _services.service_get_by_args
service_get_all = _services.service_get_all
service_update = _services.service_update
service_heartbeat = _services.service_heartbeat
service_claim_ensuring = _services.service_claim_ensuring
service_release_ensuring = _services.service_release_ensuring

# Backend capabilities (heartbeat stats, placement)
service_capabilities_update = _capabilities.service_capabilities_update
service_capabilities_consume = _capabilities.service_capabilities_consume
share_allocated_gb = _capabilities.share_allocated_gb

# Backend info
backend_info_get = _services.backend_info_get
backend_info_update = _services.backend_info_update

# Shares
share_create = _shares.share_create
share_get = _shares.share_get
share_get_all = _shares.share_get_all
share_update = _shares.share_update
share_delete = _shares.share_delete
share_metadata_update = _shares.share_metadata_update

# Share instances
share_instance_get = _share_instances.share_instance_get
share_instance_update = _share_instances.share_instance_update
share_instance_status_cas = _share_instances.share_instance_status_cas
share_instance_reset_status = _share_instances.share_instance_reset_status
share_instance_get_all = _share_instances.share_instance_get_all
share_instance_access_status_cas = (
    _share_instances.share_instance_access_status_cas)
share_instance_get_all_by_host = (
    _share_instances.share_instance_get_all_by_host)

# Export locations
export_locations_get_by_share = _export_locations.export_locations_get_by_share
export_location_get_by_uuid = _export_locations.export_location_get_by_uuid
export_locations_replace = _export_locations.export_locations_replace

# Access rules
access_rule_create = _access_rules.access_rule_create
access_rule_get = _access_rules.access_rule_get
access_rules_get_by_share = _access_rules.access_rules_get_by_share
access_rule_update = _access_rules.access_rule_update
access_rule_delete = _access_rules.access_rule_delete
access_rules_set_state = _access_rules.access_rules_set_state

# Share types
share_type_create = _share_types.share_type_create
share_type_get = _share_types.share_type_get
share_type_get_by_name = _share_types.share_type_get_by_name
share_type_get_all = _share_types.share_type_get_all
share_type_delete = _share_types.share_type_delete
share_type_extra_specs_update = _share_types.share_type_extra_specs_update

# Messages
message_create = _messages.message_create
message_get = _messages.message_get
message_get_all = _messages.message_get_all
message_delete = _messages.message_delete

# Ensure shares (bulk queries of manila/share/ensure.py)
ensure_instances_get_chunk = _ensure.ensure_instances_get_chunk
ensure_instances_count = _ensure.ensure_instances_count
ensure_mark_ensuring = _ensure.ensure_mark_ensuring
ensure_restore_available = _ensure.ensure_restore_available
ensure_recover_host = _ensure.ensure_recover_host
ensure_writes_overlap = _ensure.ensure_writes_overlap
ensure_plan_export_locations = _export_locations.plan_ensure_writes
ensure_write_results = _ensure.ensure_write_results

# Ensure runs (the record of each run, beside the run's queries in
# manila/db/sqlalchemy/ensure.py)
ensure_run_claim = _ensure.ensure_run_claim
ensure_run_create = _ensure.ensure_run_create
ensure_run_get = _ensure.ensure_run_get
ensure_run_get_all = _ensure.ensure_run_get_all
ensure_run_start = _ensure.ensure_run_start
ensure_run_progress = _ensure.ensure_run_progress
ensure_run_finish = _ensure.ensure_run_finish
ensure_runs_interrupt = _ensure.ensure_runs_interrupt
ensure_runs_prune = _ensure.ensure_runs_prune
