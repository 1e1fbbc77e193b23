from django.contrib.auth import views as auth_views
from django.urls import path

from awards.jury.views import judge, organizer

app_name = "jury"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="jury/login.html", next_page="jury:home"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="jury:login"), name="logout"),
    path("", judge.JudgeHome.as_view(), name="home"),
    path("<int:evaluation>/", judge.JudgeEvaluation.as_view(), name="evaluation"),
    path("<int:evaluation>/next/", judge.NextCandidate.as_view(), name="next"),
    path("<int:evaluation>/submit/", judge.Submit.as_view(), name="submit"),
    path("<int:evaluation>/<int:assignment>/", judge.ScoreCandidate.as_view(), name="score"),
    path("<int:evaluation>/<int:assignment>/draft/", judge.SaveDraft.as_view(), name="draft"),
    path("<int:evaluation>/<int:assignment>/recuse/", judge.Recuse.as_view(), name="recuse"),
    path("manage/<int:evaluation>/", organizer.ScoresheetSetup.as_view(), name="manage"),
    path("manage/<int:evaluation>/assign/", organizer.AssignJudges.as_view(), name="assign"),
    path("manage/<int:evaluation>/progress/", organizer.Progress.as_view(), name="progress"),
    path(
        "manage/<int:evaluation>/reopen/<int:member>/",
        organizer.Reopen.as_view(),
        name="reopen",
    ),
    path("manage/<int:evaluation>/result/", organizer.Result.as_view(), name="result"),
    path(
        "manage/<int:evaluation>/candidate/<int:candidate>/",
        organizer.CandidateSheets.as_view(),
        name="candidate",
    ),
]
