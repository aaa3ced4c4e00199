"""`partnercenter bench pages`: the pages partners and staff open most, served by gunicorn."""
