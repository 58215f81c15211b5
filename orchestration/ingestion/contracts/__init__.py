"""Every source contract the warehouse ingests."""

from orchestration.ingestion.contracts.registration import REGISTRATION

CONTRACTS = (REGISTRATION,)
