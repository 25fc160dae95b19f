/**
 * The real backend for the nearby benchmark, started by mock/bench/nearby.ts as a child process (so the load
 * generator does not share its event loop), run as `npm start` runs it (benchCluster.ts), each worker's nearby
 * index rebuilt over the synthetic national network. Sends `{url, workers}` to the parent once every worker
 * listens; stops when the parent goes.
 */
import { serveBenchCluster } from './benchCluster';
import { nationalNetwork } from './network';
import { listedPoints } from '../src/features/stations';

serveBenchCluster({
  folderPrefix: 'yizhan-bench-',
  setUp: (ctx) => ctx.nearby.rebuild(listedPoints(nationalNetwork())),
});
