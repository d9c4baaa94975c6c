"""Projects: a named network owned by a user or an organization, versioned with ETags; who may read or write it;
its diagram layout; the public samples."""
