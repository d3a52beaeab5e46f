from django.urls import include, path

from projects.cases.handover import views as views_handover
from projects.cases.views import (
    agent_home,
    alert_acknowledge,
    case_authorisation_document,
    case_authorise,
    case_close,
    case_commitment,
    case_contact,
    case_detail_view,
    case_items,
    case_new,
    case_project,
    case_reassign,
    item_action,
    supervisor_home,
    workbench,
)
from projects.drawings.views import drawing_action, drawing_queue, drawings_page, drawings_submit, reviewer_opinion
from projects.investment.views import milestone_pause, milestone_resume, project_detail, project_event
from projects.notice.views import form_template, form_template_by_name
from projects.portal.views import enterprise_home
from projects.ratings.views import (
    callback_call,
    callback_close,
    callback_rectification,
    callbacks,
    contact_card,
    enterprise_ratings,
    rating_submit,
)
from projects.visits.views import (
    visit_attendance,
    visit_detail,
    visit_follow_up,
    visit_issue_view,
    visit_record,
    visit_record_pdf,
    visit_schedule_view,
    visits_page,
)

app_name = "projects"

urlpatterns = [
    path("agent/", agent_home, name="agent_home"),
    path("workbench/", workbench, name="workbench"),
    path("alerts/<int:pk>/acknowledge/", alert_acknowledge, name="alert_acknowledge"),
    path("cases/new/", case_new, name="case_new"),
    path("cases/<int:pk>/", case_detail_view, name="case_detail"),
    path("cases/<int:pk>/items/", case_items, name="case_items"),
    path("cases/<int:pk>/project/", case_project, name="case_project"),
    path("cases/<int:pk>/handover/", views_handover.handover_request_view, name="handover_request"),
    path("handovers/<int:pk>/accept/", views_handover.handover_accept_view, name="handover_accept"),
    path("handovers/<int:pk>/refuse/", views_handover.handover_refuse_view, name="handover_refuse"),
    path("cases/<int:pk>/authorisation/", case_authorise, name="case_authorise"),
    path("cases/<int:pk>/authorisation/document/", case_authorisation_document, name="case_authorisation_document"),
    path("forms/<int:pk>/", form_template, name="form_template"),
    path("forms/legacy/<path:name>", form_template_by_name, name="form_template_by_name"),
    path("cases/<int:pk>/commitments/", case_commitment, name="case_commitment"),
    path("cases/<int:pk>/contacts/", case_contact, name="case_contact"),
    path("cases/<int:pk>/reassign/", case_reassign, name="case_reassign"),
    path("cases/<int:pk>/close/", case_close, name="case_close"),
    path("cases/<int:pk>/items/<int:item_pk>/<slug:action>/", item_action, name="item_action"),
    path("drawings/queue/", drawing_queue, name="drawing_queue"),
    path(
        "drawings/<int:review_pk>/disciplines/<int:discipline_pk>/opinion/", reviewer_opinion, name="reviewer_opinion"
    ),
    path("centre/", supervisor_home, name="supervisor_home"),
    path("enterprise/", enterprise_home, name="enterprise_home"),
    path("enterprise/ratings/", enterprise_ratings, name="enterprise_ratings"),
    path("enterprise/ratings/<int:case_pk>/", rating_submit, name="rating_submit"),
    path("enterprises/<int:pk>/card/", contact_card, name="contact_card"),
    path("callbacks/", callbacks, name="callbacks"),
    path("callbacks/<int:pk>/call/", callback_call, name="callback_call"),
    path("callbacks/<int:pk>/rectification/", callback_rectification, name="callback_rectification"),
    path("callbacks/<int:pk>/close/", callback_close, name="callback_close"),
    path("<int:pk>/", project_detail, name="project_detail"),
    path("<int:pk>/events/", project_event, name="project_event"),
    path("<int:pk>/drawings/", drawings_page, name="drawings"),
    path("<int:pk>/drawings/submit/", drawings_submit, name="drawings_submit"),
    path("<int:pk>/drawings/<int:review_pk>/<slug:action>/", drawing_action, name="drawing_action"),
    path("<int:pk>/visits/", visits_page, name="visits"),
    path("<int:pk>/visits/schedule/", visit_schedule_view, name="visit_schedule"),
    path("<int:pk>/visits/<int:visit_pk>/", visit_detail, name="visit_detail"),
    path("<int:pk>/visits/<int:visit_pk>/attendance/", visit_attendance, name="visit_attendance"),
    path("<int:pk>/visits/<int:visit_pk>/issue/", visit_issue_view, name="visit_issue"),
    path("<int:pk>/visits/<int:visit_pk>/record/", visit_record, name="visit_record"),
    path("<int:pk>/visits/<int:visit_pk>/record/pdf/", visit_record_pdf, name="visit_record_pdf"),
    path(
        "<int:pk>/visits/<int:visit_pk>/follow-ups/<int:follow_up_pk>/<slug:action>/",
        visit_follow_up,
        name="visit_follow_up",
    ),
    path("<int:pk>/milestones/<int:milestone_pk>/pause/", milestone_pause, name="milestone_pause"),
    path("<int:pk>/milestones/<int:milestone_pk>/resume/", milestone_resume, name="milestone_resume"),
    path("cases/<int:case_pk>/notice/", include("projects.notice.urls")),
    path("dashboards/", include("projects.dashboards.urls")),
    path("monthly-reports/", include("projects.monthly_reports.urls")),
    path("", include("projects.portal.urls")),
]
