"""The real frameworks as the oracle of the frameworks API's differential tests.

Reads JSON from stdin: {"cases": [{"id", "environ", "scope", "settings", "legacy_scope"}]}
and evaluates, with the installed Flask/Werkzeug, Django and Starlette/FastAPI, the same
expressions the models answer, in the same shape: {"value": repr(result)} or
{"raises": type(exc).__name__, "message": str(exc)}. Writes {"versions", "answers"} to stdout.

`environ` is the environ as the API printed it (str() of every value); the Python objects
among its keys (wsgi.input, wsgi.errors, ...) are rebuilt. `scope` is the ASGI scope as the
API sends it (byte strings as latin-1 text). Run with /usr/bin/python3 (Debian's packages).
"""

import asyncio
import io
import json
import logging
import sys
import warnings

warnings.simplefilter("ignore")

FLASK = [
    "request.url",
    "request.base_url",
    "request.host_url",
    "request.host",
    "request.scheme",
    "request.is_secure",
    "request.remote_addr",
    "request.access_route",
    "request.root_path",
    "url_for('index', _external=True)",
]
DJANGO = [
    "request.get_host()",
    "request.is_secure()",
    "request.build_absolute_uri()",
    "request.get_full_path()",
    "request.META['REMOTE_ADDR']",
]
CSRF = "CsrfViewMiddleware.process_view() on POST"
STARLETTE = ["request.url", "request.base_url", "request.client", "request.url_for('index')"]
DOCS = "FastAPI /docs openapi_url"
CSRF_SECRET = "oracleoracleoracleoracleoracle12"  # 32 characters, as Django's secrets are


def answer(compute):
    """Evaluate compute() into the API's shape."""
    try:
        result = compute()
        return result if isinstance(result, dict) else {"value": repr(result)}
    except Exception as exc:  # noqa: BLE001 - every exception is an answer here
        return {"raises": type(exc).__name__, "message": str(exc)}


def wsgi_environ(printed):
    """The environ from its printed form: CGI keys as they are, Python objects rebuilt."""
    environ = {}
    for key, value in printed.items():
        if key.startswith(("inspector.", "werkzeug.", "gunicorn.")):
            continue
        environ[key] = value
    environ["wsgi.input"] = io.BytesIO(b"")
    environ["wsgi.errors"] = sys.stderr
    environ["wsgi.version"] = (1, 0)
    for key in ("wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once"):
        environ[key] = printed.get(key) == "True"
    return environ


def flask_answers(printed, settings):
    from flask import Flask, request, url_for

    app = Flask("oracle")
    for key in ("SERVER_NAME", "APPLICATION_ROOT", "PREFERRED_URL_SCHEME", "TRUSTED_HOSTS"):
        if key in settings:
            app.config[key] = settings[key]

    @app.route("/")
    def index():
        return ""

    environ = wsgi_environ(printed)
    if settings.get("ProxyFix"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        seen = []
        ProxyFix(lambda env, start: seen.append(env) or [], **settings["ProxyFix"])(environ, None)
        environ = seen[0]
    names = {"request": request, "url_for": url_for}
    with app.request_context(environ):
        return {expr: answer(lambda: eval(expr, names)) for expr in FLASK}


class CsrfReasons(logging.Handler):
    """Django logs the reason of a CSRF rejection: 'Forbidden (%s): %s', reason, path."""

    def __init__(self):
        super().__init__()
        self.reasons = []

    def emit(self, record):
        self.reasons.append(record.args[0])


def django_setup():
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="oracle",
        ALLOWED_HOSTS=[],
        INSTALLED_APPS=[],
        MIDDLEWARE=[],
        TEMPLATES=[],
        USE_I18N=False,
        LOGGING_CONFIG=None,
    )
    django.setup()
    reasons = CsrfReasons()
    logger = logging.getLogger("django.security.csrf")
    logger.addHandler(reasons)
    logger.propagate = False
    return reasons


def django_answers(printed, settings, reasons):
    from django.core.handlers.wsgi import WSGIRequest
    from django.middleware.csrf import CsrfViewMiddleware
    from django.test.utils import override_settings

    with override_settings(**settings):
        out = {}
        try:
            request = WSGIRequest(wsgi_environ(printed))
        except Exception as exc:  # noqa: BLE001 - the request could not be built at all
            failed = {"raises": type(exc).__name__, "message": str(exc)}
            return {expr: failed for expr in DJANGO + [CSRF]}
        for expr in DJANGO:
            out[expr] = answer(lambda: eval(expr, {"request": request}))

        def csrf():
            environ = wsgi_environ(printed)
            environ["REQUEST_METHOD"] = "POST"
            environ["HTTP_COOKIE"] = "csrftoken=" + CSRF_SECRET
            environ["HTTP_X_CSRFTOKEN"] = CSRF_SECRET
            environ["CONTENT_LENGTH"] = "0"
            post = WSGIRequest(environ)
            middleware = CsrfViewMiddleware(lambda r: None)
            middleware.process_request(post)
            reasons.reasons.clear()
            response = middleware.process_view(post, lambda r: None, (), {})
            if response is None:
                return None
            return {"value": repr(response), "message": reasons.reasons[-1]}

        out[CSRF] = answer(csrf)
        return out


def asgi_scope(printed):
    scope = dict(printed)
    scope["raw_path"] = printed["raw_path"].encode("latin-1")
    scope["query_string"] = printed["query_string"].encode("latin-1")
    scope["headers"] = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in printed["headers"]
    ]
    for key in ("client", "server"):
        if printed[key] is not None:
            scope[key] = tuple(printed[key])
    scope["state"] = {}
    return scope


async def call(app, scope):
    """Run an ASGI app once; return (status, headers, body)."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in start.get("headers", [])}
    return start["status"], headers, body


def fastapi_app(settings, results, middleware=None, **options):
    from fastapi import FastAPI, Request

    app = FastAPI(
        root_path=settings["fastapi_root_path"], openapi_url=settings["openapi_url"]
    )
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    def evaluate(request):
        results["app called"] = True
        for expr in STARLETTE:
            results[expr] = answer(lambda: eval(expr, {"request": request}))
        return {}

    @app.api_route("/", methods=methods, name="index")
    async def index(request: Request):
        return evaluate(request)

    @app.api_route("/{rest:path}", methods=methods)
    async def rest(request: Request, rest: str):
        return evaluate(request)

    if middleware is not None:
        # the innermost middleware notes that the app was reached, whether a route ran or not;
        # add_middleware puts the one added last outermost
        async_marker = _reached(results)
        app.add_middleware(async_marker)
        app.add_middleware(middleware, **options)
    return app


def _reached(results):
    class Reached:
        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            results["app reached"] = True
            await self.app(scope, receive, send)

    return Reached


def middleware_outcome(settings, scope, middleware, **options):
    results = {}
    app = fastapi_app(settings, results, middleware, **options)
    status, headers, body = asyncio.run(call(app, scope))
    if results.get("app reached"):
        return None
    if "location" in headers:
        return {"value": repr((status, headers["location"]))}
    return {"value": repr((status, body.decode("latin-1")))}


def starlette_answers(printed, settings, docs_path=None):
    from starlette.middleware.httpsredirect import HTTPSRedirectMiddleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from starlette.requests import Request

    out = {}
    results = {}
    app = fastapi_app(settings, results)
    try:
        asyncio.run(call(app, asgi_scope(printed)))
    except Exception as exc:  # noqa: BLE001 - the app failed before the route ran
        failed = {"raises": type(exc).__name__, "message": str(exc)}
        results.update({expr: failed for expr in STARLETTE if expr not in results})
    if "app called" not in results:
        # no route for this path (a 404): read the same request outside the router, with
        # the scope as FastAPI.__call__ and the router would have left it
        scope = asgi_scope(printed)
        if settings["fastapi_root_path"]:
            scope["root_path"] = settings["fastapi_root_path"]
        scope["app"] = app
        scope["router"] = app.router
        request = Request(scope)
        for expr in STARLETTE:
            results[expr] = answer(lambda: eval(expr, {"request": request}))
    for expr in STARLETTE:
        out[expr] = results[expr]

    def docs():
        scope = asgi_scope(printed)
        # the browser asks for the docs under the prefix; the server adds its root_path
        scope["path"] = docs_path if docs_path is not None else printed["root_path"] + "/docs"
        scope["raw_path"] = scope["path"].encode("latin-1")
        scope["query_string"] = b""
        scope["method"] = "GET"
        status, _, body = asyncio.run(call(fastapi_app(settings, {}), scope))
        html = body.decode("utf-8")
        import re

        found = re.search(r"""url['"]?: ?['"]([^'"]*)['"]""", html)
        if status != 200 or found is None:
            return {"raises": "HTTP %d" % status, "message": html[:200]}
        return found.group(1)

    out[DOCS] = answer(docs)
    allowed = settings["allowed_hosts"]
    out["TrustedHostMiddleware"] = answer(
        lambda: middleware_outcome(
            settings,
            asgi_scope(printed),
            TrustedHostMiddleware,
            allowed_hosts=allowed,
            www_redirect=settings["www_redirect"],
        )
    )
    out["HTTPSRedirectMiddleware"] = answer(
        lambda: middleware_outcome(settings, asgi_scope(printed), HTTPSRedirectMiddleware)
    )
    return out


def legacy(printed):
    """The scope as uvicorn < 0.26 builds it: root_path not in path or raw_path."""
    root = printed["root_path"]
    scope = dict(printed)
    if root and printed["path"].startswith(root):
        scope["path"] = printed["path"][len(root):]
        scope["raw_path"] = printed["raw_path"][len(root):]
    return scope


def versions():
    import django
    import fastapi
    import flask
    import starlette
    import werkzeug

    return {
        "python": sys.version.split()[0],
        "flask": flask.__version__,
        "werkzeug": werkzeug.__version__,
        "django": django.get_version(),
        "starlette": starlette.__version__,
        "fastapi": fastapi.__version__,
    }


def main():
    cases = json.load(sys.stdin)["cases"]
    reasons = django_setup()
    answers = {}
    for case in cases:
        settings = case["settings"]
        answers[case["id"]] = {
            "flask": flask_answers(case["environ"], settings["flask"]),
            "django": django_answers(case["environ"], settings["django"], reasons),
            "starlette": {}
            if case["scope"] is None
            else starlette_answers(case["scope"], settings["starlette"]),
        }
        if case.get("legacy_scope") and case["scope"] is not None:
            answers[case["id"]]["starlette legacy scope"] = starlette_answers(
                legacy(case["scope"]), settings["starlette"], docs_path="/docs"
            )
    json.dump({"versions": versions(), "answers": answers}, sys.stdout)


if __name__ == "__main__":
    main()
