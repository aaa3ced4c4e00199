from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The append-only points ledger."""

    name = "partnercenter.ledger"
    label = "ledger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from partnercenter.ledger.guard import register_sqlite_function

        # SQLite has no session variables: the append-only trigger asks a function instead.
        connection_created.connect(register_sqlite_function, dispatch_uid="ledger_guard")
