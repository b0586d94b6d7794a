"""Share metadata ("properties" in the CLI): /shares/{share_id}/metadata.
"""

from manila.api.openstack import wsgi
from manila.api.schemas import shares as schemas
from manila.api import share_policy
from manila.api import validation
from manila import exception
from manila.i18n import _
from manila.share import api as share_api


class ShareMetadataController(wsgi.Controller):
    policy_prefix = 'share'

    def __init__(self, shares=None):
        self.share_api = shares or share_api.API()

    def _share(self, req, share_id, action):
        # 404 for a share the caller may not read, then 403 for a reader
        # who changes. A public share's metadata is read like the share.
        share = share_policy.get_share(self.share_api, req.context,
                                       share_id)
        if action == 'get_share_metadata':
            target = share_policy.read_target(req.context, share)
        else:
            target = share_policy.policy_target(share)
        self.authorize(req.context, action, target)
        return share

    @staticmethod
    def _metadata(share):
        return {m.key: m.value for m in share.share_metadata}

    def index(self, req, share_id):
        """GET: all metadata of the share."""
        share = self._share(req, share_id, 'get_share_metadata')
        return {'metadata': self._metadata(share)}

    def create(self, req, share_id, body):
        """POST: add or change the given keys, keep the others."""
        validation.validate(schemas.metadata, body)
        share = self._share(req, share_id, 'update_share_metadata')
        return {'metadata': self.share_api.metadata_update(
            req.context, share, body['metadata'])}

    def update_all(self, req, share_id, body):
        """PUT: the given keys become the whole metadata."""
        validation.validate(schemas.metadata, body)
        share = self._share(req, share_id, 'update_share_metadata')
        return {'metadata': self.share_api.metadata_update(
            req.context, share, body['metadata'], delete_others=True)}

    def show(self, req, share_id, key):
        share = self._share(req, share_id, 'get_share_metadata')
        metadata = self._metadata(share)
        if key not in metadata:
            raise exception.NotFound(
                _('Share %(share)s has no metadata key %(key)s.')
                % {'share': share_id, 'key': key})
        return {'meta': {key: metadata[key]}}

    def update(self, req, share_id, key, body):
        """PUT .../metadata/{key} with {"meta": {key: value}}."""
        validation.validate(schemas.meta_item, body)
        if list(body['meta']) != [key]:
            raise exception.InvalidInput(
                reason=_("the body must set exactly the key of the URL, "
                         "'%s'") % key)
        share = self._share(req, share_id, 'update_share_metadata')
        self.share_api.metadata_update(req.context, share, body['meta'])
        return {'meta': body['meta']}

    def delete(self, req, share_id, key):
        share = self._share(req, share_id, 'delete_share_metadata')
        metadata = self._metadata(share)
        if key not in metadata:
            raise exception.NotFound(
                _('Share %(share)s has no metadata key %(key)s.')
                % {'share': share_id, 'key': key})
        del metadata[key]
        self.share_api.metadata_update(req.context, share, metadata,
                                       delete_others=True)
