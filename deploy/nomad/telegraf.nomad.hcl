# Telegraf on every client as a Nomad system job, for clusters where it is not installed as a
# service. (The Vagrant VMs already run Telegraf under systemd, deploy/vagrant/telegraf.sh: run
# this job there only after `sudo systemctl disable --now telegraf` on the clients.)
#
# The InfluxDB token is read from Nomad Variables, never from this file:
#   nomad var put nomad/jobs/telegraf influx_token="$FULCRUM_INFLUX_TOKEN"
#   nomad job run deploy/nomad/telegraf.nomad.hcl

variable "influx_url" {
  type    = string
  default = "http://192.168.56.4:8086"
}

variable "influx_org" {
  type    = string
  default = "fulcrum"
}

variable "influx_bucket" {
  type    = string
  default = "telegraf"
}

job "telegraf" {
  datacenters = ["dc1"]
  type        = "system"

  group "telegraf" {
    task "telegraf" {
      driver = "raw_exec"

      config {
        command = "/usr/bin/telegraf"
        args    = ["--config", "${NOMAD_TASK_DIR}/telegraf.conf"]
      }

      template {
        destination = "secrets/influx.env"
        env         = true
        data        = <<-EOT
          INFLUX_TOKEN={{ with nomadVar "nomad/jobs/telegraf" }}{{ .influx_token }}{{ end }}
        EOT
      }

      template {
        destination = "local/telegraf.conf"
        data        = <<-EOT
          [agent]
            interval = "10s"
            flush_interval = "10s"

          [[inputs.cpu]]
            percpu = false
            totalcpu = true

          [[inputs.mem]]

          [[inputs.net]]
            ignore_protocol_stats = true

          [[outputs.influxdb_v2]]
            urls = ["${var.influx_url}"]
            token = "$${INFLUX_TOKEN}"
            organization = "${var.influx_org}"
            bucket = "${var.influx_bucket}"
        EOT
      }

      resources {
        cpu    = 100
        memory = 128
      }
    }
  }
}
