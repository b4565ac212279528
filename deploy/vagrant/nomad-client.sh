#!/usr/bin/env bash
# A client VM: a Nomad client of the server, on the private network's interface (so services
# register with their 192.168.56.x address), with raw_exec enabled (the jobs run the fulcrum jar
# and the echo backend from /vagrant).
#
#   nomad-client.sh THIS_IP SERVER_IP
set -euo pipefail

readonly ip="${1:?usage: nomad-client.sh THIS_IP SERVER_IP}"
readonly server_ip="${2:?usage: nomad-client.sh THIS_IP SERVER_IP}"

# The interface that carries THIS_IP (enp0s8 or eth1, depending on the box).
iface="$(ip -o -4 addr show | awk -v ip="$ip" '{ split($4, a, "/"); if (a[1] == ip) print $2 }' |
  head -n 1)"
if [[ -z "$iface" ]]; then
  echo "nomad-client: no interface has ${ip}" >&2
  exit 1
fi

install -d -m 0700 /opt/nomad/data
cat >/etc/nomad.d/nomad.hcl <<HCL
# Written by deploy/vagrant/nomad-client.sh
datacenter = "dc1"
data_dir   = "/opt/nomad/data"
bind_addr  = "0.0.0.0"

advertise {
  http = "${ip}"
  rpc  = "${ip}"
  serf = "${ip}"
}

client {
  enabled           = true
  servers           = ["${server_ip}:4647"]
  network_interface = "${iface}"
}

plugin "raw_exec" {
  config {
    enabled = true
  }
}

consul {
  address = "127.0.0.1:8500"
}
HCL

systemctl enable --now nomad >/dev/null
systemctl restart nomad
echo "nomad-client: client ${ip} (${iface}) of ${server_ip}"
