#!/usr/bin/env bash
# The server VM: a single Nomad server (bootstrap_expect = 1), registered in Consul.
#
#   nomad-server.sh SERVER_IP
set -euo pipefail

readonly ip="${1:?usage: nomad-server.sh SERVER_IP}"

install -d -m 0700 /opt/nomad/data
cat >/etc/nomad.d/nomad.hcl <<HCL
# Written by deploy/vagrant/nomad-server.sh
datacenter = "dc1"
data_dir   = "/opt/nomad/data"
bind_addr  = "0.0.0.0"

advertise {
  http = "${ip}"
  rpc  = "${ip}"
  serf = "${ip}"
}

server {
  enabled          = true
  bootstrap_expect = 1
}

consul {
  address = "127.0.0.1:8500"
}
HCL

systemctl enable --now nomad >/dev/null
systemctl restart nomad
echo "nomad-server: Nomad server at http://${ip}:4646"
