"""Typed errors.

Every error an API caller can see is a ManilaException subclass whose
``code`` is the HTTP status the fault middleware answers with; that mapping
lives here and nowhere else. Messages tell the operator what to do next.
"""

from manila.i18n import _


class ManilaException(Exception):
    """Base error: ``message`` is a format string filled from kwargs."""

    message = _("An unknown exception occurred.")
    code = 500
    safe = False

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if 'code' not in self.kwargs:
            self.kwargs['code'] = self.code
        if message is None:
            try:
                message = self.message % kwargs
            except (KeyError, TypeError):
                # A wrong kwarg must never hide the original error.
                message = self.message
        self.msg = str(message)
        super().__init__(self.msg)

    def __str__(self):
        return self.msg


# 400
class Invalid(ManilaException):
    message = _("Unacceptable parameters.")
    code = 400
    safe = True


class InvalidInput(Invalid):
    message = _("Invalid input received: %(reason)s")


class InvalidRequestBody(Invalid):
    message = _("Invalid request body: %(reason)s")


class InvalidShare(Invalid):
    message = _("Invalid share: %(reason)s.")


class InvalidShareAccess(Invalid):
    message = _("Invalid access rule: %(reason)s")


class InvalidHost(Invalid):
    message = _("Invalid host: %(reason)s")


class InvalidAPIVersionString(Invalid):
    message = _("API version %(version)s is malformed: use the form "
                "X.Y, e.g. 2.93.")


class InvalidStatusTransition(ManilaException):
    """A status change outside the table in manila.common.states: a bug."""
    message = _("Share instance %(instance_id)s cannot go from "
                "%(current)s to %(target)s.")
    code = 500


# 401 / 403
class NotAuthorized(ManilaException):
    message = _("Not authorized.")
    code = 403
    safe = True


class PolicyNotAuthorized(NotAuthorized):
    message = _("Policy doesn't allow %(action)s to be performed by this "
                "caller (rule: %(rule)s). Retry as a user whose roles "
                "match the rule (an administrator, or a member of the "
                "resource's project to change it), or change the rule "
                "in the policy file.")


class AdminRequired(NotAuthorized):
    message = _("User does not have admin privileges.")


# 404
class NotFound(ManilaException):
    message = _("Resource could not be found.")
    code = 404
    safe = True


class ServiceNotFound(NotFound):
    message = _("Service %(service_id)s could not be found.")


class ShareServiceNotFound(NotFound):
    message = _("No manila-share service runs on host '%(host)s'. "
                "Use 'openstack share service list' to see the hosts "
                "(in the form host@backend) that can be ensured.")


class HostBinaryNotFound(NotFound):
    message = _("Could not find binary %(binary)s on host %(host)s.")


class EnsureRunNotFound(NotFound):
    message = _("Ensure run %(run_id)s could not be found. 'openstack "
                "share service ensure run list' lists the runs kept.")


class ShareNotFound(NotFound):
    message = _("Share %(share_id)s could not be found.")


class ShareInstanceNotFound(NotFound):
    message = _("Share instance %(share_instance_id)s could not be found.")


class ExportLocationNotFound(NotFound):
    message = _("Export location %(uuid)s could not be found.")


class AccessRuleNotFound(NotFound):
    message = _("Access rule %(access_id)s could not be found.")


class ShareTypeNotFound(NotFound):
    message = _("Share type %(share_type_id)s could not be found.")


class ShareTypeNotFoundByName(ShareTypeNotFound):
    message = _("Share type with name %(share_type_name)s "
                "could not be found.")


class DefaultShareTypeNotConfigured(NotFound):
    message = _("No default share type is configured. Either configure "
                "a default share type or specify a share type explicitly.")


class VersionNotFoundForAPIMethod(NotFound):
    message = _("API version %(version)s is not supported on this method; "
                "it exists in microversions %(supported)s. Send a "
                "version in that range (for example with "
                "--os-share-api-version).")


# 409
class Conflict(ManilaException):
    message = _("The request conflicts with the current state.")
    code = 409
    safe = True


class ServiceIsDown(Conflict):
    message = _("Service %(host)s is down: its last heartbeat is older "
                "than service_down_time. Start or repair the manila-share "
                "process for this backend, then retry.")


class ServiceIsDisabled(Conflict):
    message = _("Service %(host)s is disabled. Enable it with "
                "'openstack share service set --enable %(host)s "
                "manila-share' first.")


class EnsureAlreadyRunning(Conflict):
    message = _("Shares on %(host)s are already being ensured. Wait for "
                "the service's 'ensuring' field to turn false, then retry.")


class ShareBusy(Conflict):
    message = _("Share %(share_id)s is %(status)s; %(action)s is not "
                "possible now. Retry once the share is available.")


class ShareAccessExists(Conflict):
    message = _("Share access %(access_type)s:%(access)s exists.")


class ShareTypeExists(Conflict):
    message = _("Share type %(name)s already exists.")


class ShareTypeInUse(Conflict):
    message = _("Share type %(share_type_id)s is used by existing shares; "
                "delete them first.")


# 406
class InvalidGlobalAPIVersion(ManilaException):
    message = _("Version %(req_ver)s is not supported by the API. Minimum "
                "is %(min_ver)s and maximum is %(max_ver)s.")
    code = 406
    safe = True


# 413
class RequestTooLarge(ManilaException):
    message = _("Request is too large.")
    code = 413
    safe = True


# 503
class MessagingUnavailable(ManilaException):
    message = _("The message broker could not be reached, so nothing was "
                "sent to %(host)s and nothing changed. Check "
                "transport_url and the broker, then retry.")
    code = 503
    safe = True


# Internal (not API-facing) errors.
class NoValidHost(ManilaException):
    message = _("No valid host was found. %(reason)s")


class ShareBackendException(ManilaException):
    message = _("Share backend error: %(msg)s.")


class ManilaDriverException(ManilaException):
    message = _("Share driver error: %(reason)s")


class ConfigNotFound(ManilaException):
    message = _("Could not find config at %(path)s.")


class DBMigrationError(ManilaException):
    message = _("Database migration failed: %(reason)s")
