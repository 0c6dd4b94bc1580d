terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # State is local until you add a backend; for a shared or CI-driven
  # environment add e.g. backend "s3" { use_lockfile = true } (see README).
}
