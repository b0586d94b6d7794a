"""Request ids in x-openstack-request-id and, as Manila, x-compute-request-id.
"""

from oslo_middleware import request_id


class RequestId(request_id.RequestId):
    # Manila has always sent the compute header too; clients read either.
    compat_headers = ['x-compute-request-id']
