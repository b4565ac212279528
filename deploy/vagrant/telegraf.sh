#!/usr/bin/env bash
# Every VM: Telegraf sends cpu, mem and net every 10 s to the server's InfluxDB 2.x, tagged with
# the VM's host name (Telegraf's schema, as lb-influx reads it).
#
# Environment (from the Vagrantfile): INFLUX_URL, INFLUX_ORG, INFLUX_BUCKET, INFLUX_TOKEN.
# The token goes to /etc/default/telegraf (mode 0600), which the telegraf unit reads; the config
# names it only as ${INFLUX_TOKEN}.
set -euo pipefail

: "${INFLUX_URL:?}" "${INFLUX_ORG:?}" "${INFLUX_BUCKET:?}"
: "${INFLUX_TOKEN:?set FULCRUM_INFLUX_TOKEN or let the Vagrantfile generate one}"

umask 077
printf 'INFLUX_TOKEN=%s\n' "$INFLUX_TOKEN" >/etc/default/telegraf
umask 022

cat >/etc/telegraf/telegraf.conf <<CONF
# Written by deploy/vagrant/telegraf.sh
[agent]
  interval = "10s"
  flush_interval = "10s"
  hostname = "$(hostname)"

[[inputs.cpu]]
  percpu = false
  totalcpu = true

[[inputs.mem]]

[[inputs.net]]
  ignore_protocol_stats = true

[[outputs.influxdb_v2]]
  urls = ["${INFLUX_URL}"]
  token = "\${INFLUX_TOKEN}"
  organization = "${INFLUX_ORG}"
  bucket = "${INFLUX_BUCKET}"
CONF

systemctl enable --now telegraf >/dev/null
systemctl restart telegraf
echo "telegraf: cpu, mem, net from $(hostname) to ${INFLUX_URL} (bucket ${INFLUX_BUCKET})"
