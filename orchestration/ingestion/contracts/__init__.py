"""Every source contract the warehouse ingests."""

from orchestration.ingestion.contracts.prosecution import PROSECUTION
from orchestration.ingestion.contracts.registration import REGISTRATION
from orchestration.ingestion.contracts.residence import RESIDENCE

CONTRACTS = (REGISTRATION, RESIDENCE, PROSECUTION)
