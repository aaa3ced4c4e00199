"""Operations: startup safety checks, readiness, metrics, logging, the shared cache table."""
