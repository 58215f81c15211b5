"""Generated valid delivery histories of the three sources and their reference counts (issue 13)."""
