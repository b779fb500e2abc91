#!/bin/sh
# Entry point of the RabbitMQ container in deploy/compose.yaml: starts the node (which loads
# definitions.json: users without passwords), then gives each user the password in its secret
# file (/run/secrets/rabbitmq_<user>_password), deletes "guest", and marks the node ready for
# the healthcheck (/tmp/passwords-set). SIGTERM is passed on to the node.
set -eu
rm -f /tmp/passwords-set
docker-entrypoint.sh rabbitmq-server &
node=$!
trap 'kill -TERM "$node" 2>/dev/null' TERM INT

deadline=$(( $(date +%s) + 180 ))
until rabbitmqctl --quiet await_startup --timeout 10 >/dev/null 2>&1; do
  kill -0 "$node" 2>/dev/null || { echo "rabbitmq-server exited during start" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "rabbitmq-server did not start within 180s" >&2; exit 1; }
  sleep 2
done

for user in intake matcher notifier fairday keda admin; do
  secret="/run/secrets/rabbitmq_${user}_password"
  [ -s "$secret" ] || { echo "missing secret $secret" >&2; kill -TERM "$node"; exit 1; }
  rabbitmqctl --quiet change_password "$user" "$(cat "$secret")"
done
rabbitmqctl --quiet delete_user guest >/dev/null 2>&1 || true
touch /tmp/passwords-set
echo "RabbitMQ users' passwords set from secrets"

wait "$node" || true
wait "$node"
