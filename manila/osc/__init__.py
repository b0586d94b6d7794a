"""Client-side tooling: the openstackclient plugin command and SDK helpers."""
