from django.urls import include, path

from projects import views, views_cases, views_drawings, views_notice, views_ratings
from projects.handover import views as views_handover

app_name = "projects"

urlpatterns = [
    path("agent/", views.agent_home, name="agent_home"),
    path("workbench/", views_cases.workbench, name="workbench"),
    path("alerts/<int:pk>/acknowledge/", views_cases.alert_acknowledge, name="alert_acknowledge"),
    path("cases/new/", views_cases.case_new, name="case_new"),
    path("cases/<int:pk>/", views_cases.case_detail_view, name="case_detail"),
    path("cases/<int:pk>/items/", views_cases.case_items, name="case_items"),
    path("cases/<int:pk>/project/", views_cases.case_project, name="case_project"),
    path("cases/<int:pk>/handover/", views_handover.handover_request_view, name="handover_request"),
    path("handovers/<int:pk>/accept/", views_handover.handover_accept_view, name="handover_accept"),
    path("handovers/<int:pk>/refuse/", views_handover.handover_refuse_view, name="handover_refuse"),
    path("cases/<int:pk>/authorisation/", views_cases.case_authorise, name="case_authorise"),
    path("cases/<int:pk>/authorisation/document/", views_cases.case_authorisation_document, name="case_authorisation_document"),
    path("forms/<int:pk>/", views_notice.form_template, name="form_template"),
    path("forms/legacy/<path:name>", views_notice.form_template_by_name, name="form_template_by_name"),
    path("cases/<int:pk>/commitments/", views_cases.case_commitment, name="case_commitment"),
    path("cases/<int:pk>/contacts/", views_cases.case_contact, name="case_contact"),
    path("cases/<int:pk>/reassign/", views_cases.case_reassign, name="case_reassign"),
    path("cases/<int:pk>/close/", views_cases.case_close, name="case_close"),
    path("cases/<int:pk>/items/<int:item_pk>/<slug:action>/", views_cases.item_action, name="item_action"),
    path("drawings/queue/", views_drawings.drawing_queue, name="drawing_queue"),
    path("drawings/<int:review_pk>/disciplines/<int:discipline_pk>/opinion/", views_drawings.reviewer_opinion, name="reviewer_opinion"),
    path("centre/", views.supervisor_home, name="supervisor_home"),
    path("enterprise/", views.enterprise_home, name="enterprise_home"),
    path("enterprise/ratings/", views_ratings.enterprise_ratings, name="enterprise_ratings"),
    path("enterprise/ratings/<int:case_pk>/", views_ratings.rating_submit, name="rating_submit"),
    path("enterprises/<int:pk>/card/", views_ratings.contact_card, name="contact_card"),
    path("callbacks/", views_ratings.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/call/", views_ratings.callback_call, name="callback_call"),
    path("callbacks/<int:pk>/rectification/", views_ratings.callback_rectification, name="callback_rectification"),
    path("callbacks/<int:pk>/close/", views_ratings.callback_close, name="callback_close"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/events/", views.project_event, name="project_event"),
    path("<int:pk>/drawings/", views_drawings.drawings_page, name="drawings"),
    path("<int:pk>/drawings/submit/", views_drawings.drawings_submit, name="drawings_submit"),
    path("<int:pk>/drawings/<int:review_pk>/<slug:action>/", views_drawings.drawing_action, name="drawing_action"),
    path("<int:pk>/milestones/<int:milestone_pk>/pause/", views.milestone_pause, name="milestone_pause"),
    path("<int:pk>/milestones/<int:milestone_pk>/resume/", views.milestone_resume, name="milestone_resume"),
    path("cases/<int:case_pk>/notice/", include("projects.urls_notice")),
]
