# The Fulcrum UDP balancer configured by a file instead of --nomad-service: a template renders
# the backends (the instances of the "fulcrum-echo" service in Nomad's service catalogue), the
# strategy and the timeouts into fulcrum-udp.yaml; whenever the catalogue changes, Nomad renders
# it again and sends SIGHUP, and `fulcrum udp --config` applies it without a restart (new backends
# join, gone ones leave, sessions to backends that stay keep them; a broken file is rejected and
# the running configuration stays). Build the jar first, on the host:
#
#   ./mvnw -B -DskipTests package -pl lb-examples -am
#   nomad job run deploy/nomad/fulcrum-balancer-template.nomad.hcl
#
# Every flag after "udp" must exist in `fulcrum udp --help`, and every key the template writes must
# be a --config key: a test (NomadJobFlagsTest) checks both. Run this job or
# fulcrum-balancer.nomad.hcl, not both: they use the same ports.

variable "strategy" {
  type        = string
  default     = "p2c"
  description = "Strategy name (./fulcrum strategies); changing it and re-running the job re-renders the file."
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
          "--config", "${NOMAD_TASK_DIR}/fulcrum-udp.yaml",
          "--metrics-listen", "0.0.0.0:${NOMAD_PORT_metrics}",
          "--stats-interval", "30s",
        ]
      }

      # Flags override the file, so the reloadable options (backends, strategy, strategy-options,
      # reply-timeout, idle-timeout) live only here. With no instance the list is empty: fulcrum
      # rejects that file (at start: the task fails and Nomad restarts it; on reload: it keeps
      # the backends it has).
      template {
        destination   = "local/fulcrum-udp.yaml"
        change_mode   = "signal"
        change_signal = "SIGHUP"
        data          = <<EOH
listen: 0.0.0.0:{{ env "NOMAD_PORT_udp" }}
strategy: ${var.strategy}
reply-timeout: 1s
idle-timeout: 30s
backends:
{{- range nomadService "fulcrum-echo" }}
  - {{ .Address }}:{{ .Port }}
{{- end }}
EOH
      }

      kill_timeout = "10s" # fulcrum udp drains replies in flight for up to 5 s on SIGTERM

      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
