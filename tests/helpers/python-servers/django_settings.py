"""The smallest settings module Django's ``runserver`` accepts, serving ``return_environ``.

No installed apps (so no staticfiles handler wraps the app), no database, no middleware:
``runserver`` hands the request to ``WSGI_APPLICATION`` exactly as its own WSGIServer and
WSGIRequestHandler built it. DEBUG is off, which requires ALLOWED_HOSTS; our app never looks
at it.
"""
SECRET_KEY = 'environ-inspector-differential-tests'
DEBUG = False
ALLOWED_HOSTS = ['*']
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
ROOT_URLCONF = None
USE_TZ = True
WSGI_APPLICATION = 'echo_apps.return_environ'
