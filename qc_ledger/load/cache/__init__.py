"""What makes a second load fast: the snapshot, the per-file cache and the private folder they live in."""
