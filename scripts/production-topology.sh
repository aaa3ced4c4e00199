#!/usr/bin/env bash
# The production topology on a throwaway PostgreSQL, end to end (CI runs it from .ci/run):
# DEBUG=0 with a generated SECRET_KEY and webhook secrets, plain http on 127.0.0.1
# (SECURE_SSL_REDIRECT=0, as behind a TLS proxy); migrate, load the edition, collectstatic;
# gunicorn with 2 workers, 2 `db_worker`s and one `scheduler`. Then: /readyz 200, a signed
# community webhook whose points reach the ledger, a background review that finishes, a
# hashed static file with a long cache header, /metrics. Everything stops on exit; any
# failure exits non-zero with a message saying what failed.
#
#   bash scripts/production-topology.sh            # starts its own PostgreSQL
#   BIN=/path/to/venv/bin bash scripts/production-topology.sh
# With PGPORT/PGBIN exported (after pg_start) it creates its own database on that cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${BIN:-$ROOT/.venv/bin}
PY=$BIN/python
START=$(date +%s)

fail() { echo "production-topology: FAILED: $*" >&2; exit 1; }
step() { echo "== topology [$(( $(date +%s) - START ))s] $*"; }

RUN=$(mktemp -d /tmp/topology.XXXXXX)
PIDS=()
OWN_PG=0
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$rc" != "0" ]; then
    for log in "$RUN"/*.log; do
      [ -f "$log" ] || continue
      echo "---- last lines of $(basename "$log")" >&2; tail -n 25 "$log" >&2
    done
  fi
  [ "$OWN_PG" = "1" ] && pg_stop
  rm -rf "$RUN"
  exit "$rc"
}
trap cleanup EXIT INT TERM

# ------------------------------------------------------------------ database
. scripts/postgres-for-tests.sh
if [ -z "${PGPORT:-}" ] || [ -z "${PGBIN:-}" ]; then
  step "starting a throwaway PostgreSQL"
  pg_start || fail "could not start PostgreSQL"
  OWN_PG=1
fi
"$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS topology" \
  -c "CREATE DATABASE topology OWNER app" \
  || fail "could not create the database 'topology'"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
secret() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(48))'; }

PORT=$(free_port)
export DATABASE_URL="postgresql://app:app@127.0.0.1:$PGPORT/topology"
export DEBUG=0 SECRET_KEY="$(secret)" ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0 PARTNERCENTER_VAR_DIR="$RUN/var"
export PARTNERCENTER_HOOK_SECRET_COMMUNITY="$(secret)" PARTNERCENTER_HOOK_SECRET_GITHUB="$(secret)"
export PARTNERCENTER_HOOK_SECRET_STORE="$(secret)"
export PROMETHEUS_MULTIPROC_DIR="$RUN/var/prometheus" WEB_CONCURRENCY=2 PORT
export PARTNERCENTER_LOG_FORMAT=json
unset PARTNERCENTER_CACHE_URL
PC="$BIN/partnercenter"
URL="http://127.0.0.1:$PORT"

# ------------------------------------------------------------------ refuses to run unsafe
step "gunicorn refuses to start without SECRET_KEY"
if env -u SECRET_KEY timeout 30 "$BIN/gunicorn" -c gunicorn.conf.py --workers 1 \
    --bind "127.0.0.1:$(free_port)" >"$RUN/unsafe.log" 2>&1; then
  fail "gunicorn started with DEBUG=0 and no SECRET_KEY"
fi
grep -q "partnercenter.E001" "$RUN/unsafe.log" || fail "gunicorn's refusal does not name SECRET_KEY (E001)"

# ------------------------------------------------------------------ deploy steps
step "check --deploy, migrate, load the edition, collectstatic"
"$PC" check --deploy --fail-level WARNING >"$RUN/check.log" 2>&1 || fail "check --deploy --fail-level WARNING"
"$PC" migrate --noinput -v0 >"$RUN/migrate.log" 2>&1 || fail "migrate"
"$PC" program load programs/exponential/2025-01-01.toml >"$RUN/program.log" 2>&1 || fail "program load"
"$PC" collectstatic --noinput -v0 >"$RUN/collectstatic.log" 2>&1 || fail "collectstatic"
"$PC" check --deploy --fail-level WARNING >"$RUN/check2.log" 2>&1 \
  || fail "check --deploy with the edition loaded and every webhook secret set"
"$PC" shell -c "
from datetime import date
from partnercenter.partners.models import Person
from partnercenter.linkedaccounts.services import linked_account_link
from partnercenter.partners.services import partner_create
acme = partner_create(slug='topology-acme', name='Topology Acme', profile='it', partner_since=date(2024, 1, 1))
tess = Person.objects.create(partner=acme, name='Tess', email='tess@acme.test')
linked_account_link(person=tess, provider='community', login='tess', verified_via='staff', reason='topology check')
" >"$RUN/setup.log" 2>&1 || fail "creating the partner and its person"

# ------------------------------------------------------------------ the topology
step "starting gunicorn (2 workers) on $URL, 2 db_workers, 1 scheduler"
"$BIN/gunicorn" -c gunicorn.conf.py >"$RUN/gunicorn.log" 2>&1 & PIDS+=($!)
# gunicorn empties the metrics folder as it starts; the workers write theirs there after.
up=""
for _ in $(seq 1 60); do
  [ "$(curl -s "$URL/healthz" || true)" = "ok" ] && { up=1; break; }
  kill -0 "${PIDS[0]}" 2>/dev/null || fail "gunicorn exited at start"
  sleep 0.5
done
[ -n "$up" ] || fail "gunicorn did not answer /healthz"
"$PC" db_worker --interval 0.5 >"$RUN/worker1.log" 2>&1 & PIDS+=($!)
"$PC" db_worker --interval 0.5 >"$RUN/worker2.log" 2>&1 & PIDS+=($!)
"$PC" scheduler >"$RUN/scheduler.log" 2>&1 & PIDS+=($!)

alive() { for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || fail "process $pid exited early"; done; }

step "waiting for /readyz 200"
ready=""
for _ in $(seq 1 90); do
  alive
  code=$(curl -s -o "$RUN/readyz.json" -w '%{http_code}' "$URL/readyz" || true)
  if [ "$code" = "200" ]; then ready=1; break; fi
  sleep 1
done
[ -n "$ready" ] || fail "/readyz never answered 200; last answer: $(cat "$RUN/readyz.json" 2>/dev/null)"

# ------------------------------------------------------------------ a signed webhook
step "a signed community webhook reaches the ledger"
BODY='{"id":"topology-1","type":"forum.post_created","username":"tess","occurred_at":"2026-01-05T10:00:00Z","title":"Topology"}'
TS=$(date +%s)
SIG=$(printf '%s' "$TS.$BODY" | openssl dgst -sha256 -hmac "$PARTNERCENTER_HOOK_SECRET_COMMUNITY" | sed 's/^.* //')
code=$(curl -s -o "$RUN/hook.json" -w '%{http_code}' -X POST "$URL/hooks/community" \
  -H 'Content-Type: application/json' -H "X-Community-Signature: t=$TS,v1=$SIG" --data "$BODY")
[ "$code" = "202" ] || fail "signed webhook answered $code: $(cat "$RUN/hook.json")"
BAD=$(printf '%s' "$TS.$BODY" | openssl dgst -sha256 -hmac dev-community-secret | sed 's/^.* //')
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/hooks/community" \
  -H 'Content-Type: application/json' -H "X-Community-Signature: t=$TS,v1=$BAD" --data "$BODY")
[ "$code" = "401" ] || fail "a delivery signed with the development secret answered $code, not 401"
points=""
for _ in $(seq 1 60); do
  points=$("$PC" shell -c "
from django.db.models import Sum
from partnercenter.ledger.models import Entry
print(Entry.objects.filter(partner__slug='topology-acme', source='monitored').aggregate(s=Sum('points'))['s'] or 0)
" 2>>"$RUN/poll.log" | tail -1)
  [ "${points:-0}" -gt 0 ] 2>/dev/null && break
  sleep 1
done
[ "${points:-0}" -gt 0 ] 2>/dev/null || fail "the webhook's points never reached the ledger (sum: ${points:-none})"
echo "   ledger: the forum post earned topology-acme $points points"

# ------------------------------------------------------------------ a background review
step "a background review runs to the end"
AS_OF=2026-01-31
"$PC" review --as-of "$AS_OF" --background >"$RUN/review.log" 2>&1 || fail "review --background"
RUN_ID=$(grep -o '#[0-9]*' "$RUN/review.log" | head -1 | tr -d '#')
[ -n "$RUN_ID" ] || fail "review --background did not say which run it queued: $(cat "$RUN/review.log")"
status=""
for _ in $(seq 1 60); do
  status=$("$PC" shell -c "
from partnercenter.review.models import ReviewRun
print(ReviewRun.objects.get(pk=$RUN_ID).status)
" 2>>"$RUN/poll.log" | tail -1)
  case "$status" in done) break ;; failed) fail "review run #$RUN_ID failed" ;; esac
  sleep 1
done
[ "$status" = "done" ] || fail "review run #$RUN_ID did not finish (status: ${status:-unknown})"

# ------------------------------------------------------------------ static files, metrics
step "a hashed static file with a long cache header; metrics"
CSS=$(curl -s "$URL/" | grep -o '/static/web/site\.[0-9a-f]*\.css' | head -1)
[ -n "$CSS" ] || fail "the home page does not link a hashed stylesheet (collectstatic + manifest storage)"
HEADERS=$(curl -s -D - -o /dev/null "$URL$CSS")
echo "$HEADERS" | grep -q '^HTTP/[0-9.]* 200' || fail "$CSS is not served: $HEADERS"
echo "$HEADERS" | grep -qi '^cache-control:.*max-age=[0-9]\{6,\}' || fail "$CSS has no long cache header: $HEADERS"
HEADERS=$(curl -s -D - -o /dev/null "$URL/")
echo "$HEADERS" | grep -qi '^content-security-policy:' || fail "no Content-Security-Policy on the home page"
curl -s "$URL/metrics" >"$RUN/metrics.txt" || fail "/metrics"
grep -q '^partnercenter_webhook_deliveries_total{[^}]*source="community"[^}]*} [1-9]' "$RUN/metrics.txt" \
  || fail "/metrics does not count the webhook delivery"
grep -q '^django_http_requests_total_by_method_total{method="GET"}' "$RUN/metrics.txt" \
  || fail "/metrics has no request counters"
grep -q '^partnercenter_jobs_total{.*task="review_job"' "$RUN/metrics.txt" \
  || fail "/metrics does not count the review job"
alive
step "passed"
