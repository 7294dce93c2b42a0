// Worker thread for large answers (./answer-read.ts): parses and normalizes one answer
// off the main thread, so a 30 MB answer never freezes the window, the tray or `watch`.
// Loads the WSDL once per worker; answers one message per request.
import { parentPort } from 'node:worker_threads';
import { readAnswer, type AnswerContext } from './answer.ts';
import { IpsError } from './errors.ts';
import { envelopeParser, loadSoapClient, type EnvelopeParser } from './soap-wsdl.ts';
import type { TransportResponse } from './transport.ts';

export interface AnswerJob {
  res: TransportResponse;
  ctx: AnswerContext;
  /** The calling thread already ran checkAnswer and it said "parse it". */
  checked: boolean;
}

let parser: Promise<EnvelopeParser> | undefined;

parentPort?.on('message', (job: AnswerJob) => {
  // Values need no copying out of the body here: posting the result clones every string.
  parser ??= loadSoapClient().then((client) => envelopeParser(client, { copyText: false }));
  parser
    .then((parse) => ({ ok: true, value: readAnswer(parse, job.res, job.ctx, job.checked) }))
    .catch((err: unknown) => ({
      ok: false,
      error:
        err instanceof IpsError
          ? err.toInfo()
          : { kind: 'malformed', message: `IPS sent an answer to ${job.ctx.operation} that the client could not read`, operation: job.ctx.operation },
    }))
    .then((reply) => parentPort?.postMessage(reply));
});
