"""What every bench shares: the production server started for a run (`server`) and the one
load generator, run in its own process (`loadgen`)."""
