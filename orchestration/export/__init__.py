"""Exports for exchange outside the warehouse."""
