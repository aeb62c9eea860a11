from __future__ import annotations

import os

import pytest

from encryption.models import DataKey
from encryption.services import data_key_create
from encryption.tasks import data_keys_rewrap_task
from tests.worker import celery_worker, wait_until


def _succeeded(worker) -> int:
    return sum("data_keys_rewrap_task" in line and "succeeded" in line for line in worker.output)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_rewraps_keys_to_the_new_kek_and_a_rerun_changes_nothing(settings):
    keys = [data_key_create() for _ in range(5)]
    settings.CUSTOS_KEKS = {"ci-new": os.urandom(32), **settings.CUSTOS_KEKS}
    settings.CUSTOS_ACTIVE_KEK_ID = "ci-new"
    with celery_worker() as worker:
        data_keys_rewrap_task.apply_async(kwargs={"batch_size": 2}, queue=worker.queue)
        wait_until(lambda: _succeeded(worker) == 1)
        assert set(DataKey.objects.filter(pk__in=[k.pk for k in keys]).values_list("kek_id", flat=True)) == {"ci-new"}
        before = list(DataKey.objects.order_by("pk").values_list("pk", "kek_id", "wrapped_key"))
        data_keys_rewrap_task.apply_async(kwargs={"batch_size": 2}, queue=worker.queue)
        wait_until(lambda: _succeeded(worker) == 2)
    assert list(DataKey.objects.order_by("pk").values_list("pk", "kek_id", "wrapped_key")) == before
