"""Program editions: the rules as data, one edition per effective date."""
