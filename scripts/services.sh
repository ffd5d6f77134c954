#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis the test suite talks to, if they are down.
# (On the CI machine they normally run already; this only repairs a stopped one.)
set -uo pipefail
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

if ! pg_up && command -v pg_ctlcluster >/dev/null; then
  echo "services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 20); do pg_up && break; sleep 0.5; done
fi
if ! redis_up && command -v redis-server >/dev/null; then
  echo "services: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 20); do redis_up && break; sleep 0.5; done
fi
pg_up || echo "services: PostgreSQL is not reachable on 127.0.0.1:5432" >&2
redis_up || echo "services: Redis is not reachable on 127.0.0.1:6379" >&2
exit 0
