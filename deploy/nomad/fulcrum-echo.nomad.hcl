# UDP echo/work backends, registered as the Nomad service "fulcrum-echo" (native service
# discovery) that the balancer follows. One per client VM.
#
#   nomad job run deploy/nomad/fulcrum-echo.nomad.hcl
#   nomad job run -var count=6 -var rounds=5000 deploy/nomad/fulcrum-echo.nomad.hcl

variable "count" {
  type        = number
  default     = 3
  description = "Backends to run."
}

variable "rounds" {
  type        = number
  default     = 2000
  description = "SHA-256 rounds per datagram: the CPU work of one request."
}

variable "repo_dir" {
  type        = string
  default     = "/vagrant"
  description = "Where the Fulcrum repository is on the clients (the Vagrant synced folder)."
}

job "fulcrum-echo" {
  datacenters = ["dc1"]
  type        = "service"

  group "echo" {
    count = var.count

    spread {
      attribute = "${node.unique.id}"
    }

    network {
      port "udp" {}
    }

    service {
      name     = "fulcrum-echo"
      provider = "nomad"
      port     = "udp"
      tags     = ["udp", "fulcrum"]
    }

    restart {
      attempts = 3
      interval = "5m"
      delay    = "10s"
      mode     = "delay"
    }

    task "echo" {
      driver = "raw_exec"

      config {
        command = "/usr/bin/python3"
        args = [
          "${var.repo_dir}/deploy/nomad/echo_backend.py",
          "${NOMAD_IP_udp}",
          "${NOMAD_PORT_udp}",
          "${var.rounds}",
        ]
      }

      resources {
        cpu    = 200
        memory = 64
      }
    }
  }
}
