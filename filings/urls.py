"""URLs of the filings app. Every view is private unless marked login_not_required."""

from django.urls import path

from filings import views

app_name = "filings"
urlpatterns = [
    path("", views.filing_list, name="list"),
    path("new/<int:case_id>/", views.filing_start, name="start"),
    path("<int:filing_id>/", views.filing_detail, name="detail"),
    path("<int:filing_id>/documents/", views.document_upload, name="upload"),
    path(
        "<int:filing_id>/documents/<int:document_id>/page-size/",
        views.document_accept_page_size,
        name="accept_page_size",
    ),
    path("<int:filing_id>/documents/<int:document_id>/download/", views.document_download, name="document_download"),
    path("<int:filing_id>/documents/<int:document_id>/remove/", views.document_remove, name="remove_document"),
    path("<int:filing_id>/submit/", views.filing_submit, name="submit"),
    path("<int:filing_id>/receipt/", views.filing_receipt, name="receipt"),
    path("<int:filing_id>/receipt.pdf", views.filing_receipt_pdf, name="receipt_pdf"),
    path("<int:filing_id>/withdraw/", views.filing_withdraw, name="withdraw"),
    path("address/<int:case_id>/", views.address_change, name="address_change"),
    path("address/receipt/<int:change_id>/", views.address_change_receipt, name="address_receipt"),
]
