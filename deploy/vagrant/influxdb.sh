#!/usr/bin/env bash
# The server VM: InfluxDB 2.x, set up without prompts (org, bucket, admin user, operator token),
# and a DBRP mapping so that InfluxQL (what lb-influx reads) works on the bucket.
#
# Environment (from the Vagrantfile; nothing secret is committed):
#   INFLUX_ORG, INFLUX_BUCKET, INFLUX_TOKEN, INFLUX_PASSWORD
# Idempotent: an InfluxDB already set up is left as it is; the mapping is created once.
set -euo pipefail

: "${INFLUX_ORG:?}" "${INFLUX_BUCKET:?}"
: "${INFLUX_TOKEN:?set FULCRUM_INFLUX_TOKEN or let the Vagrantfile generate one}"
: "${INFLUX_PASSWORD:?set FULCRUM_INFLUX_PASSWORD or let the Vagrantfile generate one}"
export DEBIAN_FRONTEND=noninteractive
readonly host="http://127.0.0.1:8086"

apt-get install -y -qq --no-install-recommends influxdb2 influxdb2-cli >/dev/null
systemctl enable --now influxdb >/dev/null

for _ in $(seq 1 60); do
  if curl -fsS "$host/health" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
curl -fsS "$host/health" >/dev/null

# /api/v2/setup says {"allowed": true} until the first setup.
if curl -fsS "$host/api/v2/setup" | grep -q '"allowed": *true'; then
  influx setup --host "$host" --org "$INFLUX_ORG" --bucket "$INFLUX_BUCKET" \
    --username admin --password "$INFLUX_PASSWORD" --token "$INFLUX_TOKEN" \
    --retention 168h --force >/dev/null
  echo "influxdb: set up org ${INFLUX_ORG}, bucket ${INFLUX_BUCKET}"
else
  echo "influxdb: already set up"
fi

# InfluxQL reads /query?db=BUCKET: map database BUCKET, retention policy autogen to the bucket.
export INFLUX_HOST="$host"
bucket_id="$(influx bucket list --org "$INFLUX_ORG" --name "$INFLUX_BUCKET" --hide-headers |
  cut -f1)"
if [[ -z "$bucket_id" ]]; then
  echo "influxdb: bucket ${INFLUX_BUCKET} not found" >&2
  exit 1
fi
if influx v1 dbrp list --org "$INFLUX_ORG" --db "$INFLUX_BUCKET" --hide-headers 2>/dev/null |
    grep -q "$bucket_id"; then
  echo "influxdb: DBRP ${INFLUX_BUCKET}/autogen already mapped"
else
  influx v1 dbrp create --org "$INFLUX_ORG" --db "$INFLUX_BUCKET" --rp autogen \
    --bucket-id "$bucket_id" --default >/dev/null
  echo "influxdb: DBRP ${INFLUX_BUCKET}/autogen -> bucket ${bucket_id}"
fi
