/**
 * @module
 * `GET /_inspector/api/info`: the server's version, profile and mount point.
 */

/** `GET /_inspector/api/info`. */
export interface ServerInfo {
  readonly version: string
  readonly profile: string
  readonly profiles: readonly string[]
  readonly scriptName: string
  readonly maxBody: number
  readonly app?: string
}

/** Read the server's version, profile and mount point; undefined when unreachable. */
export async function fetchInfo(): Promise<ServerInfo | undefined> {
  try {
    const response = await fetch('/_inspector/api/info', {
      headers: { accept: 'application/json' },
    })
    if (!response.ok) return undefined
    const json: unknown = await response.json()
    if (typeof json !== 'object' || json === null) return undefined
    const info = json as Partial<ServerInfo>
    if (typeof info.version !== 'string' || typeof info.profile !== 'string') return undefined
    return {
      version: info.version,
      profile: info.profile,
      profiles: Array.isArray(info.profiles) ? info.profiles : [],
      scriptName: typeof info.scriptName === 'string' ? info.scriptName : '',
      maxBody: typeof info.maxBody === 'number' ? info.maxBody : 0,
      app: typeof info.app === 'string' ? info.app : undefined,
    }
  } catch {
    return undefined
  }
}
