import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureState, freshStatus, nextConnection, type CompanyStatus } from '../../electron/core/connection.ts';
import { IpsAuthenticationError, IpsFaultError, IpsNetworkError, IpsTimeoutError } from '../../electron/ips/errors.ts';

const ok = (): CompanyStatus => ({ ...freshStatus(), state: 'ok', baselineDone: true });
const T = Date.parse('2024-05-02T09:00:00.000Z');

test('failures map to auth-failed, offline or error', () => {
  assert.equal(failureState(new IpsAuthenticationError('no', { code: 10001 })), 'auth-failed');
  assert.equal(failureState(new IpsNetworkError('down')), 'offline');
  assert.equal(failureState(new IpsTimeoutError('slow')), 'offline');
  assert.equal(failureState(new IpsFaultError('bad', { code: 1 })), 'error');
  assert.equal(failureState(new Error('bug')), 'error');
});

test('the worst company wins, with its error and retry time, and the change is one event', () => {
  const down: CompanyStatus = { ...freshStatus(), state: 'offline', error: { kind: 'network', message: 'down' }, retryAt: T + 10_000, failures: 1 };
  const step = nextConnection({
    discovery: ok(),
    companies: [
      ['c|1', ok()],
      ['c|2', down],
    ],
    lastOk: T,
    overall: 'ok',
    previous: { state: 'ok' },
  });
  assert.equal(step.overall, 'offline');
  assert.equal(step.info.retryAt, new Date(T + 10_000).toISOString());
  assert.equal(step.info.lastOk, new Date(T).toISOString());
  assert.deepEqual(step.event, { event: 'connection', state: 'offline', companyHandle: 'c|2', error: down.error, retryAt: step.info.retryAt });
  assert.equal(step.publish, true);
  // The next retry of the same outage: no event, but the new retry time is published.
  const retryLater = (from: typeof step) =>
    nextConnection({ discovery: ok(), companies: [['c|2', { ...down, retryAt: T + 30_000 }]], lastOk: T, overall: from.overall, previous: from.info });
  const again = retryLater(step);
  assert.equal(again.event, undefined);
  assert.equal(again.publish, true);
  // Nothing new: nothing to publish.
  const same = retryLater(again);
  assert.equal(same.publish, false);
});

test('connecting until one company answered; the discovery decides before any company', () => {
  const waiting = nextConnection({ discovery: ok(), companies: [['c|1', freshStatus()]], overall: 'connecting', previous: { state: 'connecting' } });
  assert.equal(waiting.overall, 'connecting');
  assert.equal(waiting.event, undefined);
  const authFailed: CompanyStatus = { ...freshStatus(), state: 'auth-failed', error: { kind: 'authentication', message: 'no' }, failures: 1 };
  const step = nextConnection({ discovery: authFailed, companies: [['c|1', ok()]], overall: 'connecting', previous: { state: 'connecting' } });
  assert.equal(step.overall, 'auth-failed');
  assert.equal(step.event?.event === 'connection' && step.event.companyHandle, undefined);
  assert.equal(step.info.error?.kind, 'authentication');
});
