// A batch worker thread: loads the command line's language, then plays its share of the seeds (batch-games.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadTranslator, use } from '../i18n/index.ts';
import { playShare, type BatchJob, type WorkerMessage } from './batch-games.ts';

const job = workerData as BatchJob;
// A worker is a thread of its own: it loads the command line's language before any game.
if (job.lang && job.lang !== 'en') use(await loadTranslator(job.lang, ['cli', 'narration', 'reports', 'game'], true));
await playShare(job, (message: WorkerMessage) => parentPort!.postMessage(message));
