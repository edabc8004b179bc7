"""Start one real Python web server with the echo app on a free loopback port.

    /usr/bin/python3 serve.py SERVER [EXTRA_ARG ...]
    /usr/bin/python3 serve.py --check [SERVER ...]

Run with Debian's /usr/bin/python3: the packaged servers import only there. This script is
a supervisor, not the server: it picks a free port, starts the server the way its users
start it (its own command line, or its documented API for wsgiref and Werkzeug) in this
process group, waits until the port accepts a connection, and prints ONE line of JSON on
stdout:

    {"server": ..., "kind": "wsgi"|"asgi", "version": ..., "python": ..., "port": ...,
     "argv": [...], "os_environ": {...}}

or, if the server cannot run here, {"missing": "<what>", "install": ["<debian package>"]}
and exit status 3. Then it reads stdin until EOF (the parent keeps the pipe open) and stops
the whole process group, so a server never outlives its test run, even when the parent is
killed. The server's own stdout and stderr go to our stderr.

EXTRA_ARG values are inserted into the server's command line before the application name
(e.g. `--forwarded-allow-ips=*`). The server gets this process's environment unchanged, so
the caller controls exactly what wsgiref (and Django's runserver, which inherits wsgiref's
handler) copies into every environ.
"""
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable
HOST = '127.0.0.1'
START_TIMEOUT = 30.0

# wsgiref has no command line that serves an app of ours; this is its documented API. The
# handler subclass only silences the per-request log line.
WSGIREF = """
import sys
from wsgiref.simple_server import make_server, WSGIRequestHandler
from echo_apps import return_environ

class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass

make_server(sys.argv[1], int(sys.argv[2]), return_environ,
            handler_class=QuietHandler).serve_forever()
"""

# Werkzeug's development server through its documented API, single-threaded as the
# `werkzeug` profile models it; pass `--threaded` for `flask run`'s default (threaded=True).
WERKZEUG = """
import sys
from werkzeug.serving import run_simple
from echo_apps import return_environ

run_simple(sys.argv[1], int(sys.argv[2]), return_environ, threaded='--threaded' in sys.argv[3:])
"""

APP_WSGI = 'echo_apps:return_environ'
APP_ASGI = 'echo_apps:return_scope'

# name -> kind, the module that must import, the distribution whose version we report, the
# Debian package(s) that provide it, and the command (placeholders {host} {port} {extra}).
SERVERS = {
    'wsgiref': dict(
        kind='wsgi', module='wsgiref', dist=None, debian=['python3'],
        argv=[PY, '-c', WSGIREF, '{host}', '{port}', '{extra}'],
    ),
    'werkzeug': dict(
        kind='wsgi', module='werkzeug', dist='werkzeug', debian=['python3-werkzeug'],
        argv=[PY, '-c', WERKZEUG, '{host}', '{port}', '{extra}'],
    ),
    'gunicorn': dict(
        kind='wsgi', module='gunicorn', dist='gunicorn', debian=['python3-gunicorn'],
        argv=[PY, '-m', 'gunicorn', '--bind', '{host}:{port}', '{extra}', APP_WSGI],
    ),
    'waitress': dict(
        kind='wsgi', module='waitress', dist='waitress', debian=['python3-waitress'],
        argv=[PY, '-m', 'waitress', '--host={host}', '--port={port}', '{extra}', APP_WSGI],
    ),
    'cheroot': dict(
        kind='wsgi', module='cheroot', dist='cheroot', debian=['python3-cheroot'],
        argv=[PY, '-m', 'cheroot', '--bind', '{host}:{port}', '{extra}', APP_WSGI],
    ),
    # uWSGI's own HTTP parser in the worker (--http-socket), one process, no master: the
    # smallest configuration. --need-app makes a broken import fail at start. The positional
    # app: uWSGI's start_response refuses keyword arguments (see echo_apps.py).
    'uwsgi': dict(
        kind='wsgi', module=None, dist=None, debian=['uwsgi', 'uwsgi-plugin-python3'],
        argv=['uwsgi', '--plugin', 'python3', '--http-socket', '{host}:{port}',
              '--need-app', '--disable-logging', '{extra}',
              '--wsgi-file', os.path.join(HERE, 'echo_apps.py'), '--callable', 'return_environ_positional'],
    ),
    # `manage.py runserver` without the autoreloader (which re-executes the process with
    # RUN_MAIN=true in its environment; see the notes). Threaded, as by default.
    'django': dict(
        kind='wsgi', module='django', dist='django', debian=['python3-django'],
        argv=[PY, '-m', 'django', 'runserver', '--noreload', '--settings=django_settings',
              '--pythonpath', HERE, '{extra}', '{host}:{port}'],
    ),
    'uvicorn': dict(
        kind='asgi', module='uvicorn', dist='uvicorn', debian=['python3-uvicorn'],
        argv=[PY, '-m', 'uvicorn', '--host', '{host}', '--port', '{port}', '{extra}', APP_ASGI],
    ),
    'hypercorn': dict(
        kind='asgi', module='hypercorn', dist='hypercorn', debian=['python3-hypercorn'],
        argv=[PY, '-m', 'hypercorn', '--bind', '{host}:{port}', '{extra}', APP_ASGI],
    ),
    'daphne': dict(
        kind='asgi', module='daphne', dist='daphne', debian=['python3-daphne'],
        argv=[PY, '-m', 'daphne', '-b', '{host}', '-p', '{port}', '{extra}', APP_ASGI],
    ),
}


def say(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


def missing(spec):
    """What is missing for this server, or None."""
    if spec['module'] is None:
        if not shutil.which('uwsgi'):
            return 'the uwsgi binary'
        plugins = '/usr/lib/uwsgi/plugins'
        if not os.path.exists(os.path.join(plugins, 'python3_plugin.so')):
            return 'the uwsgi python3 plugin'
        return None
    if importlib.util.find_spec(spec['module']) is None:
        return 'the Python module %r (for %s)' % (spec['module'], PY)
    return None


def version(name, spec):
    if name == 'wsgiref':
        return platform.python_version()
    if name == 'uwsgi':
        out = subprocess.run(['uwsgi', '--version'], capture_output=True, text=True)
        return out.stdout.strip()
    return importlib.metadata.version(spec['dist'])


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_taken(port):
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return True
    return False


def accepts(port):
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def command(spec, port, extra):
    argv = []
    for part in spec['argv']:
        if part == '{extra}':
            argv.extend(extra)
        else:
            argv.append(part.format(host=HOST, port=port))
    return argv


def start(spec, extra):
    """Start the server and wait for its port; retry if another process took the port."""
    for attempt in range(3):
        port = free_port()
        argv = command(spec, port, extra)
        child = subprocess.Popen(argv, cwd=HERE, stdin=subprocess.DEVNULL,
                                 stdout=sys.stderr.fileno(), stderr=sys.stderr.fileno())
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if child.poll() is not None:
                break
            if accepts(port):
                return child, port, argv
            time.sleep(0.02)
        if child.poll() is None:
            child.kill()
            raise SystemExit('%s did not accept connections on port %d within %ds'
                             % (argv[0], port, START_TIMEOUT))
        if not port_taken(port):
            raise SystemExit('the server exited with status %s before it listened: %s'
                             % (child.returncode, ' '.join(argv)))
    raise SystemExit('no free port after 3 attempts')


def stop_group(child):
    """Stop every process we started (gunicorn's and Django's workers too), then exit."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # we are in the group we signal
    try:
        os.killpg(0, signal.SIGTERM)
        child.wait(timeout=2)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        pass
    os.killpg(0, signal.SIGKILL)


def check(names):
    """`serve.py --check [SERVER ...]`: one JSON line, {server: what is missing} and the
    Debian packages that provide the missing ones."""
    lacking = {name: missing(SERVERS[name]) for name in names or SERVERS}
    lacking = {name: what for name, what in lacking.items() if what}
    packages = sorted({p for name in lacking for p in SERVERS[name]['debian']})
    say({'missing': lacking, 'install': packages, 'python': PY})


def main():
    if sys.argv[1:2] == ['--check']:
        unknown = [name for name in sys.argv[2:] if name not in SERVERS]
        if unknown:
            raise SystemExit('unknown server(s): %s' % ', '.join(unknown))
        return check(sys.argv[2:])
    if len(sys.argv) < 2 or sys.argv[1] not in SERVERS:
        raise SystemExit('usage: serve.py {%s} [EXTRA_ARG ...]' % ','.join(SERVERS))
    name, extra = sys.argv[1], sys.argv[2:]
    spec = SERVERS[name]
    if os.getpid() != os.getpgid(0):
        os.setpgid(0, 0)  # a group of our own, so stop_group never reaches the caller
    lack = missing(spec)
    if lack:
        say({'server': name, 'missing': lack, 'install': spec['debian']})
        sys.exit(3)
    from wsgiref.handlers import BaseHandler  # what wsgiref copies from this environment
    child, port, argv = start(spec, extra)
    say({
        'server': name,
        'kind': spec['kind'],
        'version': version(name, spec),
        'python': platform.python_version(),
        'port': port,
        'argv': argv,
        'os_environ': dict(BaseHandler.os_environ),
    })

    stopping = threading.Event()

    def watch():
        child.wait()
        if stopping.is_set():
            return
        sys.stderr.write('serve.py: %s exited with status %s\n' % (name, child.returncode))
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    try:
        while sys.stdin.buffer.read(65536):
            pass
    finally:
        stopping.set()
        stop_group(child)


if __name__ == '__main__':
    main()
