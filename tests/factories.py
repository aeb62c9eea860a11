"""factory_boy factories that build records through the services, as production code does."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from supportrecords import services
from supportrecords.models import Customer, DataCategory, Jurisdiction, Ticket


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


class CustomerFactory(factory.Factory):
    class Meta:
        model = Customer

    exchange_account_id = factory.Sequence(lambda n: f"UID{900000 + n}")
    email = factory.Sequence(lambda n: f"jane.doe{n}@example.com")
    name = "Jane Doe"
    phone = "+86 138 1234 5678"
    jurisdiction = Jurisdiction.EU

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Customer:
        return services.customer_create(**kwargs)


class TicketFactory(factory.Factory):
    class Meta:
        model = Ticket

    customer = factory.SubFactory(CustomerFactory)
    category = factory.LazyFunction(lambda: DataCategory.objects.get(slug="general-enquiry"))
    channel = "chat"
    subject = "My deposit has not arrived"

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Ticket:
        return services.ticket_create(**kwargs)
