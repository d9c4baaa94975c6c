"""Studies: the service (create, list, results, cancel, delete), the job-state repository (claim,
write-if-still-mine, progress, requeue), execution (claim -> run -> store, any study type) and the runners."""
