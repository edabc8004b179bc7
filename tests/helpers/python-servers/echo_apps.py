"""The reference echo apps the differential tests run under every Python server.

``return_environ`` is the spec's WSGI app, verbatim (/work/shared/environ-spec.md, top).
It passes ``headers=`` by keyword, which PEP 3333 forbids ("the arguments must be supplied
positionally"); every server accepts that except uWSGI, whose ``start_response``
(``uwsgi_spit``) raises ``TypeError: uwsgi_spit() takes no keyword arguments``, logs the
traceback and closes the connection without a response. uWSGI therefore runs
``return_environ_positional``, the same app with the PEP's calling convention.
``return_scope`` is issue 14's ASGI app, verbatim for ``http`` scopes; it also answers the
``lifespan`` protocol so that servers which probe it (uvicorn, hypercorn) start quietly
instead of logging the app's failure. Nothing here reads the request body: the echo is what
the server built before the app touched anything.
"""
import json


def return_environ(environ, start_response):
    start_response('200 OK', headers=[('Content-Type', 'application/json')])
    resp = {k: str(v) for k, v in environ.items()}
    yield json.dumps(resp).encode('utf-8')


def return_environ_positional(environ, start_response):
    start_response('200 OK', [('Content-Type', 'application/json')])
    resp = {k: str(v) for k, v in environ.items()}
    yield json.dumps(resp).encode('utf-8')


async def return_scope(scope, receive, send):
    if scope['type'] == 'lifespan':
        while True:
            message = await receive()
            if message['type'] == 'lifespan.startup':
                await send({'type': 'lifespan.startup.complete'})
            elif message['type'] == 'lifespan.shutdown':
                await send({'type': 'lifespan.shutdown.complete'})
                return
    body = json.dumps({k: str(v) for k, v in scope.items()}).encode()
    await send({'type': 'http.response.start', 'status': 200,
                'headers': [(b'content-type', b'application/json')]})
    await send({'type': 'http.response.body', 'body': body})
