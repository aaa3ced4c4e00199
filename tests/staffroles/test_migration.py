"""The data migration: the roles' groups appear and existing staff become viewers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_staff_become_viewers_and_superusers_keep_everything():
    executor = MigrationExecutor(connection)
    executor.migrate([("staffroles", "0001_initial")])
    apps = executor.loader.project_state([("staffroles", "0001_initial")]).apps
    user_model = apps.get_model("auth", "User")
    user_model.objects.create(username="old-staff", is_staff=True)
    user_model.objects.create(username="boss", is_staff=True, is_superuser=True)
    user_model.objects.create(username="partner")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.auth.models import User

    assert list(User.objects.get(username="old-staff").groups.values_list("name", flat=True)) == [
        "Viewer"
    ]
    assert not User.objects.get(username="boss").groups.exists()
    assert not User.objects.get(username="partner").groups.exists()
