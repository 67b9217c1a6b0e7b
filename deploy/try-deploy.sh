#!/usr/bin/env bash
# Follow docs/deploy.md as far as one machine without root or systemd allows, and check each
# step: the unit files verify, a PostgreSQL database is created and migrated, a council and
# its clerk are made, gunicorn and the worker run by hand with the production settings of
# councilguard.env.example, /healthz answers 200, the clerk signs in, a backup verifies.
# Everything is made under a temporary directory and dropped at the end.
#
#   deploy/try-deploy.sh                      PostgreSQL on 127.0.0.1:5432 as postgres
#   PGHOST=... PGUSER=... PGPORT=... deploy/try-deploy.sh
#
# Needs: the project's virtualenv (.venv), PostgreSQL client programs (psql, pg_dump).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${COUNCILGUARD_VENV:-$ROOT/.venv}/bin"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PORT="${TRY_PORT:-8765}"
DB="cg_try_deploy_$$"
WORK="$(mktemp -d)"
PIDS=()

step() { printf '\n== %s\n' "$*"; }
cleanup() {
    status=$?
    if [[ $status != 0 && -d "$WORK/log" ]]; then
        echo "failed (exit $status); the last lines of the logs:"
        tail -n 30 "$WORK/log/"*.log || true
    fi
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

step "1. unit files"
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$WORK/units"
    for unit in councilguard-web.service councilguard-worker.service; do
        # The venv of this checkout stands in for /opt/councilguard/venv.
        sed "s#/opt/councilguard/venv#${BIN%/bin}#g" "$ROOT/deploy/$unit" >"$WORK/units/$unit"
        systemd-analyze verify "$WORK/units/$unit"
        echo "$unit: verified"
    done
else
    echo "systemd-analyze is not here; the tests parse the unit files instead"
fi

step "2. PostgreSQL database $DB"
psql -q -d postgres -c "CREATE DATABASE \"$DB\""

step "3. environment file (councilguard.env.example, with this machine's paths)"
mkdir -p "$WORK/etc" "$WORK/var/data" "$WORK/log" "$WORK/backups"
python3 -c 'import secrets; print(secrets.token_urlsafe(50))' >"$WORK/etc/secret_key"
PYTHONPATH="$ROOT/src" COUNCILGUARD_VAR_DIR="$WORK/var" "$BIN/councilguard" vault new-key \
    >"$WORK/etc/vault_key" 2>/dev/null
chmod 600 "$WORK/etc/secret_key" "$WORK/etc/vault_key"
sed -e "s#/etc/councilguard#$WORK/etc#g" \
    -e "s#/var/lib/councilguard#$WORK/var#g" \
    -e "s#/var/backups/councilguard#$WORK/backups#g" \
    -e "s#^DATABASE_URL_FILE=.*#DATABASE_URL=postgres://$PGUSER@$PGHOST:$PGPORT/$DB#" \
    -e "s#^ALLOWED_HOSTS=.*#ALLOWED_HOSTS=127.0.0.1#" \
    -e "s#council.example.org#127.0.0.1:$PORT#g" \
    -e "s#^EMAIL_HOST_PASSWORD_FILE=.*##" \
    "$ROOT/deploy/councilguard.env.example" >"$WORK/etc/councilguard.env"
# No TLS on this machine: the requests below say they came through the proxy, as Caddy's do.
echo "COUNCILGUARD_BEHIND_TLS_PROXY=true" >>"$WORK/etc/councilguard.env"
echo "SECURE_SSL_REDIRECT=false" >>"$WORK/etc/councilguard.env"
echo "EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend" >>"$WORK/etc/councilguard.env"
# Read it as systemd's EnvironmentFile= does: KEY=VALUE lines, values taken as they are.
while IFS='=' read -r key value; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    value="${value#\"}"
    export "$key=${value%\"}"
done <"$WORK/etc/councilguard.env"
export PYTHONPATH="$ROOT/src"
cg() { "$BIN/councilguard" "$@"; }

step "4. migrate, the cache table, static files, a council and its clerk"
cg migrate -v0
cg createcachetable
cg collectstatic --noinput -v0
cg council create "Try Town Council" --slug try --clerk clerk@try.example
# (A real clerk sets a password from the e-mailed "Forgotten your password?" link.)
cg shell -c "from councilguard.accounts.models import User; u = User.objects.get(email='clerk@try.example'); u.set_password('velvet lantern orchard'); u.save()"

step "5. gunicorn and the worker, started by hand as the units would"
"$BIN/gunicorn" councilguard.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
    --forwarded-allow-ips 127.0.0.1 >>"$WORK/log/web.log" 2>&1 &
PIDS+=($!)
cg worker --interval 1 >>"$WORK/log/worker.log" 2>&1 &
PIDS+=($!)

step "6. /healthz"
for _ in $(seq 1 120); do
    code="$(curl -s -o "$WORK/health.json" -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)"
    [[ "$code" == 200 ]] && break
    sleep 1
done
cat "$WORK/health.json"; echo
[[ "$code" == 200 ]] || { echo "healthz answered $code"; tail -20 "$WORK/log/"*.log; exit 1; }

step "7. the sign-in page, and the clerk signs in"
"$BIN/python" - "$PORT" <<'PY'
import http.client, re, sys

port = int(sys.argv[1])
base = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}
cookies = {}

def request(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {**base, **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn.request(method, path, body, sent)
    response = conn.getresponse()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    return response.status, dict(response.getheaders()), response.read().decode()

status, _, page = request("GET", "/accounts/login/")
assert status == 200 and "Sign in" in page, status
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
from urllib.parse import urlencode
status, headers, _ = request(
    "POST",
    "/accounts/login/",
    urlencode({"login": "clerk@try.example", "password": "velvet lantern orchard",
               "csrfmiddlewaretoken": token}),
    {"Content-Type": "application/x-www-form-urlencoded",
     "Origin": f"https://127.0.0.1:{port}", "Referer": f"https://127.0.0.1:{port}/accounts/login/"},
)
assert status == 302 and headers["Location"] != "/accounts/login/", (status, headers)
# Signed in. A clerk must set up a second factor before anything else, so every page sends
# the clerk there first.
path = headers["Location"]
for _ in range(3):
    status, headers, page = request("GET", path)
    if status != 302:
        break
    path = headers["Location"]
# (allauth may first ask for the password again before a new factor is added; both pages are
# for a signed-in user only.)
assert path.split("?")[0] in ("/accounts/2fa/totp/activate/", "/accounts/reauthenticate/"), path
assert status == 200, status
print(f"signed in as the clerk; sent to {path.split('?')[0]} to set up an authenticator app")
PY

step "8. doctor (here ALLOWED_HOSTS names only this machine and mail goes to the console: those two are expected)"
cg doctor || true

step "9. a backup, verified"
cg backup --to "$WORK/backups/try"
cg backup verify "$WORK/backups/try"

step "done: every step passed"
