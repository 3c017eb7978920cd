#!/usr/bin/env bash
# Installs the Python peers used by `worldlens bench` (Debian's packages, run with /usr/bin/python3):
# PyTorch 1.13 for the MLP probe and scikit-learn for ridge. Run as root.
set -euo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch python3-sklearn
