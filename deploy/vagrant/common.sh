#!/usr/bin/env bash
# Every VM: HashiCorp's and InfluxData's apt repositories, Nomad, Consul, Telegraf, a Java 17
# runtime (for the fulcrum jar) and python3 (the echo backends); then the Consul agent: a server on
# the server VM, a client joining it elsewhere.
#
#   common.sh THIS_IP SERVER_IP
#
# Idempotent: safe to run again with `vagrant provision`.
set -euo pipefail

readonly this_ip="${1:?usage: common.sh THIS_IP SERVER_IP}"
readonly server_ip="${2:?usage: common.sh THIS_IP SERVER_IP}"
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq --no-install-recommends ca-certificates curl gnupg lsb-release >/dev/null

install -d -m 0755 /etc/apt/keyrings
codename="$(lsb_release -cs)"

# HashiCorp: https://www.hashicorp.com/official-packaging-guide
if [[ ! -s /etc/apt/keyrings/hashicorp-archive-keyring.gpg ]]; then
  curl -fsSL https://apt.releases.hashicorp.com/gpg |
    gpg --dearmor --yes -o /etc/apt/keyrings/hashicorp-archive-keyring.gpg
fi
echo "deb [signed-by=/etc/apt/keyrings/hashicorp-archive-keyring.gpg]" \
  "https://apt.releases.hashicorp.com ${codename} main" >/etc/apt/sources.list.d/hashicorp.list

# InfluxData (InfluxDB 2.x, its CLI, Telegraf): https://repos.influxdata.com
if [[ ! -s /etc/apt/keyrings/influxdata-archive.gpg ]]; then
  curl -fsSL https://repos.influxdata.com/influxdata-archive.key |
    gpg --dearmor --yes -o /etc/apt/keyrings/influxdata-archive.gpg
fi
echo "deb [signed-by=/etc/apt/keyrings/influxdata-archive.gpg]" \
  "https://repos.influxdata.com/debian stable main" >/etc/apt/sources.list.d/influxdata.list

apt-get update -qq
apt-get install -y -qq --no-install-recommends nomad consul telegraf \
  openjdk-17-jre-headless python3 >/dev/null

# Consul: the server VM runs the (single) server, the clients join it.
install -d -m 0755 -o consul -g consul /opt/consul
if [[ "$this_ip" == "$server_ip" ]]; then
  role='server           = true
bootstrap_expect = 1
ui_config {
  enabled = true
}'
else
  role="retry_join = [\"${server_ip}\"]"
fi
cat >/etc/consul.d/consul.hcl <<HCL
# Written by deploy/vagrant/common.sh
datacenter  = "dc1"
data_dir    = "/opt/consul"
bind_addr   = "${this_ip}"
client_addr = "0.0.0.0"
${role}
HCL
chown consul:consul /etc/consul.d/consul.hcl
chmod 0640 /etc/consul.d/consul.hcl

systemctl enable --now consul >/dev/null
systemctl restart consul
echo "common: nomad $(nomad version | head -n 1), consul $(consul version | head -n 1)," \
  "telegraf $(telegraf --version)"
