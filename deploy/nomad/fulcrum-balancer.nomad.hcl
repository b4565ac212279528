# The Fulcrum UDP balancer on UDP port 5353 of one client, in front of the "fulcrum-echo"
# service: `fulcrum udp --nomad-service` follows the service's instances live through the local
# Nomad agent's HTTP API (blocking queries). Build the jar first, on the host:
#
#   ./mvnw -B -DskipTests package -pl lb-examples -am
#   nomad job run deploy/nomad/fulcrum-balancer.nomad.hcl
#   nomad job run -var strategy=peak-ewma deploy/nomad/fulcrum-balancer.nomad.hcl
#
# Every flag after "udp" must exist in `fulcrum udp --help`: a test (NomadJobFlagsTest) checks it.
#
# Metrics: the balancer serves Prometheus text on http://<client>:<metrics port>/metrics and
# /health (200 while a backend is healthy, 503 otherwise). The "fulcrum-balancer-metrics" service
# below carries the tags a Prometheus nomad_sd_configs job keeps (see README, "Metrics").
# fulcrum-balancer-template.nomad.hcl is the same balancer configured by a file that a template
# renders from the service catalogue and that fulcrum re-reads on SIGHUP.

variable "strategy" {
  type        = string
  default     = "p2c"
  description = "Strategy name (./fulcrum strategies)."
}

variable "port" {
  type        = number
  default     = 5353
  description = "UDP port clients send to."
}

variable "metrics_port" {
  type        = number
  default     = 9464
  description = "TCP port of /metrics and /health."
}

variable "fulcrum_jar" {
  type        = string
  default     = "/vagrant/lb-examples/target/lb-examples-0.1.0-SNAPSHOT.jar"
  description = "The fulcrum CLI jar on the clients (its lib/ folder beside it)."
}

job "fulcrum-balancer" {
  datacenters = ["dc1"]
  type        = "service"

  group "balancer" {
    count = 1

    network {
      port "udp" {
        static = var.port
      }
      port "metrics" {
        static = var.metrics_port
      }
    }

    service {
      name     = "fulcrum-balancer"
      provider = "nomad"
      port     = "udp"
      tags     = ["udp", "fulcrum"]
    }

    # Read by Prometheus' Nomad service discovery: keep services tagged "prometheus".
    service {
      name     = "fulcrum-balancer-metrics"
      provider = "nomad"
      port     = "metrics"
      tags     = ["prometheus", "metrics-path=/metrics", "fulcrum"]

      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "fulcrum" {
      driver = "raw_exec"

      config {
        command = "/usr/bin/java"
        args = [
          "-Dai.djl.offline=true",
          "-jar", "${var.fulcrum_jar}",
          "udp",
          "--listen", "0.0.0.0:${NOMAD_PORT_udp}",
          "--nomad-service", "fulcrum-echo",
          "--nomad-addr", "http://127.0.0.1:4646",
          "--nomad-namespace", "${NOMAD_NAMESPACE}",
          "--nomad-empty-grace", "30s",
          "--strategy", "${var.strategy}",
          "--reply-timeout", "1s",
          "--stats-interval", "30s",
          "--metrics-listen", "0.0.0.0:${NOMAD_PORT_metrics}",
          # A replaced instance keeps its sessions 5 s; echo_backend.py answers the probe with itself.
          "--lame-duck-timeout", "5s",
          "--health-check-payload", "fulcrum-health",
          "--health-check-expect", "fulcrum-health", "--health-check-match", "exact",
          "--health-check-interval", "5s",
        ]
      }

      # ACLs on: give the task a token with namespace read-job, e.g. from Nomad Variables:
      # template {
      #   data        = "NOMAD_TOKEN={{ with nomadVar \"nomad/jobs/fulcrum-balancer\" }}{{ .token }}{{ end }}"
      #   destination = "secrets/nomad.env"
      #   env         = true
      # }

      kill_timeout = "10s" # fulcrum udp drains replies in flight for up to 5 s on SIGTERM

      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
