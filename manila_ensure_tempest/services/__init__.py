from manila_ensure_tempest.services.ensure_client import EnsureSharesClient

__all__ = ['EnsureSharesClient']
