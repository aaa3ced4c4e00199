"""No models: the ops app reads the job table of django-tasks-db and owns the cache table."""
