"""The ledger's git repository and its edges: commits, history, the write lock, this clone's journal."""
