"""An admin paginator that never runs a full COUNT(*) over a large PostgreSQL table."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this estimate an exact count is cheap enough and exact numbers are friendlier.
EXACT_COUNT_BELOW = 10_000


class EstimatedCountPaginator(Paginator):  # type: ignore[type-arg]  # used for any model's queryset
    """Counts from the planner's estimate on PostgreSQL when the table is large; exact elsewhere."""

    @cached_property
    def count(self) -> int:
        queryset: Any = self.object_list
        query = getattr(queryset, "query", None)
        if query is None:
            return len(queryset)
        if query.is_empty():  # queryset.none(): no SQL to estimate, and nothing to count
            return 0
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return int(queryset.count())
        estimate = self._estimate(queryset, connection)
        if estimate < EXACT_COUNT_BELOW:
            return int(queryset.count())
        return estimate

    @staticmethod
    def _estimate(queryset: Any, connection: Any) -> int:
        if not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row is not None and row[0] >= 0:
                return int(row[0])
        try:
            sql, params = queryset.order_by().query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing, such as pk__in=[]
            return 0
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])
