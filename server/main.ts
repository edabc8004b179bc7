import cluster from 'node:cluster'
import { main } from './cli.ts'

process.exitCode = await main(process.argv.slice(2), process.env, process.stdout, process.stderr)
// a cluster worker's channel to the primary would keep it running once its server closed
if (cluster.isWorker) process.exit()
