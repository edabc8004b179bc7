/**
 * @module
 * django profile vs Debian's Django 4.2 runserver, tests/corpus/servers/django.json.
 */
import { EVERY_ECHO, type ProfileDifferences } from './types.ts'

const differences: ProfileDifferences = {
  fixture: 'django',
  differences: [
    {
      cases: EVERY_ECHO,
      key: 'DJANGO_SETTINGS_MODULE',
      ours: null,
      debian: 'django_settings',
      why: "runserver's manage.py sets os.environ['DJANGO_SETTINGS_MODULE'] and wsgiref's SimpleHandler copies os.environ into every environ; we never copy the server's own environment unless --os-environ (the echo must not leak it).",
    },
    {
      cases: EVERY_ECHO,
      key: 'TZ',
      ours: null,
      debian: 'America/Chicago',
      why: "django/conf/__init__.py Settings.__init__ sets os.environ['TZ'] = TIME_ZONE (the fixture's project leaves the default America/Chicago) and wsgiref copies os.environ; we copy nothing without --os-environ.",
    },
    {
      cases: EVERY_ECHO,
      key: 'wsgi.errors',
      ours: "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>",
      debian: '<colorama.ansitowin32.StreamWrapper object at 0x<addr>>',
      why: "Debian's Django 4.2 wraps sys.stderr in colorama's StreamWrapper (colorama.init); Django 5.0 calls colorama.just_fix_windows_console(), which leaves stderr as it is on POSIX (ticket #34768).",
    },
    {
      cases: ['T53'],
      key: 'CONTENT_LENGTH',
      ours: '3',
      debian: '3 ',
      why: "Node's llhttp strips trailing whitespace from field values before any profile runs; wsgiref (under runserver) copies the value http.client parsed, trailing space kept. Not a profile choice.",
    },
  ],
}
export default differences
