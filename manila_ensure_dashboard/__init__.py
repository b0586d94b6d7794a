"""Horizon plugin: Admin > Share > Share Services.

The Share Services panel lists every service of the Shared File Systems
API with its Ensuring state, and lets an administrator enable, disable and
ask a backend to ensure its shares. It lives in Horizon's environment, next
to manila-ui, and talks to the API over HTTP through python-manilaclient;
the service never imports it.
"""
