/**
 * @module
 * `--workers N`: run the server in N `node:cluster` workers that share the port, with a
 * primary that starts them, restarts the ones that die, and holds the live capture together
 * (see capture/cluster.ts: the primary numbers every worker's records and copies them to all).
 *
 * The primary serves no HTTP itself and accepts no connection: the workers accept from the
 * listening socket they share (see `runPrimary`). It picks the port once (`--port 0` becomes a free
 * port, so a restarted worker binds the same one), forks the workers with the same command
 * line plus that port, reports ready once all of them listen, restarts a worker that exits
 * (at once, or with a growing delay while it keeps dying young), and on SIGINT/SIGTERM stops
 * every worker and resolves.
 */
import cluster, { type Worker } from 'node:cluster'
import { type AddressInfo, createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import {
  type CaptureLink,
  createPrimaryCapture,
  createWorkerCapture,
  isCaptureMessage,
  type ToPrimary,
  type ToWorker,
  type WorkerCapture,
} from '../capture/cluster.ts'
import type { CaptureOptions } from '../capture/index.ts'

/** `auto` for `--workers`: one per core the process may use. */
export function autoWorkers(): number {
  return availableParallelism()
}

export interface PrimaryOptions {
  readonly workers: number
  /** Where the workers listen; port 0 is resolved to a free port once, here. */
  readonly host: string
  readonly port: number
  /** The history settings; the primary numbers and keeps what the workers capture. */
  readonly capture: CaptureOptions
  /** Called once, when every worker listens. */
  readonly onListening: (port: number) => void
  /** Lifecycle lines (a worker died, restarts), to stderr. */
  readonly log: (text: string) => void
}

/** A worker that lived this long before dying restarts at once; younger ones back off. */
const STABLE_MS = 5_000
const FIRST_DELAY_MS = 100
const MAX_DELAY_MS = 10_000
/** How long workers get to close their connections on shutdown before SIGKILL. */
const STOP_GRACE_MS = 5_000

interface Slot {
  worker: Worker
  startedAt: number
  /** Exits in a row that came before STABLE_MS. */
  failures: number
  detach: () => void
}

/** Run as the cluster primary. Resolves with the exit code once every worker has stopped. */
export async function runPrimary(options: PrimaryOptions): Promise<number> {
  // every worker, restarted ones included, must bind the same port: pick it once
  let port = options.port
  try {
    if (port === 0) port = await freePort(options.host)
  } catch (error) {
    options.log(`error: cannot bind to ${options.host}: ${(error as Error).message}\n`)
    return 1
  }
  const capture = createPrimaryCapture(options.capture)
  // Each worker accepts from the shared listening socket itself. With node:cluster's
  // round-robin the primary accepts and passes each connection on; one passed to a worker
  // that has just died is neither answered nor closed, and the primary holds it forever
  // (Node's RoundRobinHandle waits for a reply that never comes). A connection a worker
  // took before it died is closed by the kernel; the others wait for a live worker.
  cluster.schedulingPolicy = cluster.SCHED_NONE
  cluster.setupPrimary({
    serialization: 'advanced',
    args: [...process.argv.slice(2), '--port', String(port)],
  })
  const slots = new Map<number, Slot>()
  let listening = false
  let stopping = false
  let exitCode = 0

  const fork = (index: number, failures: number): void => {
    const worker = cluster.fork()
    const detach = capture.attach(workerLink(worker, options.log))
    slots.set(index, { worker, startedAt: Date.now(), failures, detach })
  }

  return new Promise<number>((resolve) => {
    const finish = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(exitCode)
    }
    const stop = (): void => {
      if (stopping) return
      stopping = true
      const alive = [...slots.values()].filter((slot) => !slot.worker.isDead())
      if (alive.length === 0) {
        finish()
        return
      }
      const kill = setTimeout(() => {
        for (const slot of alive) slot.worker.process.kill('SIGKILL')
      }, STOP_GRACE_MS)
      let left = alive.length
      for (const slot of alive) {
        slot.worker.process.once('exit', () => {
          if (--left === 0) {
            clearTimeout(kill)
            finish()
          }
        })
        slot.worker.process.kill('SIGTERM')
      }
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)

    let waiting = options.workers
    cluster.on('listening', () => {
      // ready when every first-generation worker listens; restarts are not news
      if (listening || --waiting > 0) return
      listening = true
      options.onListening(port)
    })

    cluster.on('exit', (worker, code, signal) => {
      const entry = [...slots].find(([, slot]) => slot.worker === worker)
      if (!entry) return
      const [index, slot] = entry
      slot.detach()
      if (stopping) return
      const how = signal ? `signal ${signal}` : `code ${code}`
      if (!listening) {
        // never listened: a bind error or a crash at start-up; restarting would only repeat it
        options.log(`error: worker ${index + 1} exited (${how}) before listening; stopping\n`)
        exitCode = 1
        stop()
        return
      }
      const failures = Date.now() - slot.startedAt < STABLE_MS ? slot.failures + 1 : 0
      const delay =
        failures === 0 ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - 1))
      options.log(
        `worker ${index + 1} (pid ${worker.process.pid}) exited (${how}); restarting in ${delay} ms\n`
      )
      setTimeout(() => {
        if (!stopping) fork(index, failures)
      }, delay)
    })

    for (let index = 0; index < options.workers; index++) fork(index, 0)
  })
}

/** A port nothing listens on now, for `--port 0` (another process could take it first). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Messages the primary may have queued for one worker, not yet written to its channel. A
 * worker this far behind is stuck (its event loop blocked): the primary would otherwise
 * buffer every record for it without bound, so it kills it, and the restarted worker starts
 * from a fresh copy of the history.
 */
const MAX_UNSENT_TO_WORKER = 4096

/** The primary's end of one worker's channel. */
function workerLink(worker: Worker, log: (text: string) => void): CaptureLink<ToWorker, ToPrimary> {
  let unsent = 0
  let killed = false
  return {
    send(message, done) {
      if (!worker.isConnected() || killed) return done?.()
      if (unsent >= MAX_UNSENT_TO_WORKER) {
        killed = true
        log(`worker pid ${worker.process.pid} stopped reading live capture records; killing it\n`)
        worker.process.kill('SIGKILL')
        return done?.()
      }
      unsent++
      try {
        worker.send(message, undefined, () => {
          unsent--
          done?.()
        })
      } catch {
        unsent--
        done?.() // the worker is going away; its exit restarts it with a fresh copy
      }
    },
    onMessage(listener) {
      worker.on('message', (message: unknown) => {
        if (isCaptureMessage(message)) listener(message as ToPrimary)
      })
    },
  }
}

/** In a worker: join the primary's live capture. Wait for `ready` before serving. */
export function joinClusterCapture(
  options: CaptureOptions,
  warn: (text: string) => void
): WorkerCapture {
  const send = process.send?.bind(process)
  if (!send) throw new Error('joinClusterCapture: not a cluster worker (no IPC channel)')
  const link: CaptureLink<ToPrimary, ToWorker> = {
    send(message, done) {
      if (!process.connected) return done?.()
      send(message, undefined, undefined, () => done?.())
    },
    onMessage(listener) {
      process.on('message', (message: unknown) => {
        if (isCaptureMessage(message)) listener(message as ToWorker)
      })
    },
  }
  return createWorkerCapture(options, link, warn)
}

/** Whether this process is a cluster worker (started by `runPrimary`). */
export function isClusterWorker(): boolean {
  return cluster.isWorker
}
