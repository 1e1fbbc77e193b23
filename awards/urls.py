from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<int:year>/", views.EditionDetailView.as_view(), name="edition"),
    path("<int:year>/<slug:slug>/", views.AwardListDetailView.as_view(), name="award-list"),
    path("nominees/<slug:slug>/", views.NomineeDetailView.as_view(), name="nominee"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
]
