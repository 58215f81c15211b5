"""Synthetic source extracts (CoMensha registrations), calibrated to the published figures."""

from synthetic.generator import DEFAULT_SEED, generate_registration

__all__ = ["DEFAULT_SEED", "generate_registration"]
