"""The register of winners after the award (Art. 6, 10, 26-29)."""
