from tests.projects.portal.submissions.scenario import _media  # noqa: F401  (every test stores files in tmp)
