terraform {
  # 1.11: `terraform test` overrides with `override_during = plan` (tests/).
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is what the air-gapped mirror carries; everything here is also
      # valid on 6.x (no deprecated arguments or attributes are used).
      version = ">= 5.100, < 7.0"
    }
  }
}
