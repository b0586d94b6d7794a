"""Statuses and triggers of an ensure run (the ``ensure_runs`` rows).

A run is created ``running`` together with the claim of its service's
``ensuring`` flag and ends ``succeeded`` or ``failed``; a run whose process
was killed is found ``running`` at the next start-up of its backend and
becomes ``interrupted``. Only a running run changes status.
"""

RUNNING = 'running'
SUCCEEDED = 'succeeded'
FAILED = 'failed'
INTERRUPTED = 'interrupted'

ALL = (RUNNING, SUCCEEDED, FAILED, INTERRUPTED)
FINISHED = frozenset({SUCCEEDED, FAILED, INTERRUPTED})

# Who started the run.
TRIGGER_API = 'api'
TRIGGER_STARTUP = 'start-up'
TRIGGERS = (TRIGGER_API, TRIGGER_STARTUP)
