# Sourced by tools/bootstrap-*.sh: make_venv VENV FILE... -- PIP-ARGS...
#
# Creates VENV with $PYTHON (default python3) if it has no python, and runs
# "pip install PIP-ARGS" in it unless the FILEs (requirements, setup.cfg)
# are unchanged since the last install (their hash is kept in the venv).
make_venv() {
    local venv=$1 want
    shift
    local files=()
    while [ "$1" != "--" ]; do files+=("$1"); shift; done
    shift
    want=$(cat "${files[@]}" | sha256sum | cut -d' ' -f1)
    if [ ! -x "$venv/bin/python" ]; then
        echo "==> creating virtualenv $venv" >&2
        "${PYTHON:-python3}" -m venv "$venv"
    fi
    if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
        echo "==> installing into $venv: $*" >&2
        "$venv/bin/python" -m pip install -q --upgrade pip >&2
        "$venv/bin/python" -m pip install -q "$@" >&2
        echo "$want" > "$venv/.requirements.sha256"
    fi
}
