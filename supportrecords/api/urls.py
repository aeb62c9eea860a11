from django.urls import path

from supportrecords.api import views

app_name = "api"

urlpatterns = [
    path("customers/", views.CustomerIngestView.as_view(), name="customer-ingest"),
    path("tickets/", views.TicketIngestView.as_view(), name="ticket-ingest"),
    path("messages/", views.MessageIngestView.as_view(), name="message-ingest"),
    path("messages/batch/", views.MessageBatchIngestView.as_view(), name="message-batch-ingest"),
    path("attachments/", views.AttachmentIngestView.as_view(), name="attachment-ingest"),
]
