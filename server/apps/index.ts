/**
 * @module
 * The apps the CLI can serve (`--app NAME`), described once for the CLI help and the docs.
 */
import type { App } from '../gateway/types.ts'
import { echoEnviron } from './echo-environ.ts'
import { hello } from './hello.ts'

export interface AppEntry {
  readonly app: App
  readonly summary: string
  readonly example: string
}

export const APPS = {
  echo: {
    app: echoEnviron,
    summary: 'Answer every request with its environ as JSON, like return_environ under wsgiref.',
    example: "curl 'http://127.0.0.1:8000/foo/bar?baz=bat'",
  },
  hello: {
    app: hello,
    summary: 'Answer "Hello world!" as text/plain.',
    example: 'curl http://127.0.0.1:8000/',
  },
} as const satisfies Record<string, AppEntry>

export type AppName = keyof typeof APPS

export function isAppName(name: string): name is AppName {
  return Object.hasOwn(APPS, name)
}
