import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeOf, phaseOfActive, phaseOfScheduled, logTypeSeverity, clampPercent } from '../../electron/core/outcome.ts';
import { active, log, scheduled } from './core-fake.ts';

test('outcome follows jobs-lifecycle §3 priority', () => {
  assert.equal(outcomeOf(log('a', { fatalError: true }), { stopped: true }), 'error');
  assert.equal(outcomeOf(log('a', { fileErrorCount: 3 }), { stopped: true }), 'stopped');
  assert.equal(outcomeOf(log('a', { fileErrorCount: 3, fileWarningCount: 2 })), 'error');
  assert.equal(outcomeOf(log('a', { transferErrorCount: 1 })), 'error');
  assert.equal(outcomeOf(log('a', { fileWarningCount: 1 })), 'warning');
  assert.equal(outcomeOf(log('a', { transferWarningCount: 1 })), 'warning');
  assert.equal(outcomeOf(log('a', { fileDuplicateCount: 4 })), 'warning');
  assert.equal(outcomeOf(log('a')), 'success');
  assert.equal(outcomeOf(undefined), 'success');
  assert.equal(outcomeOf(undefined, { stopped: true }), 'stopped');
  assert.equal(outcomeOf(log('a'), { detailLogTypes: ['FatalError'] }), 'error');
  assert.equal(outcomeOf(log('a'), { detailLogTypes: ['UploadError'] }), 'error');
  assert.equal(outcomeOf(log('a'), { detailLogTypes: ['DuplicateSkipped'] }), 'warning');
});

test('log type severity accepts typos and case', () => {
  const cases = { MetadataFailure: 'error', TrashWarning: 'warning', VideoPubilshSuccess: 'success', endReoptimize: 'lifecycle', JobClient: 'info' };
  for (const [type, severity] of Object.entries(cases)) assert.equal(logTypeSeverity(type), severity, type);
});

test('active job phases', () => {
  for (const s of ['New', 'WaitingCoordinator', 'WaitingClient', 'Unknown']) assert.equal(phaseOfActive(active('a', { state: s })), 'queued', s);
  assert.equal(phaseOfActive(active('a', { state: 'Running' })), 'running');
  assert.equal(phaseOfActive(active('a', { state: 'Running', progressMessage: 'Paused by user' })), 'paused');
  assert.equal(phaseOfActive(active('a', { state: 'Stopping' })), 'stopping');
  assert.equal(phaseOfScheduled(scheduled('s')), 'scheduled');
  assert.equal(phaseOfScheduled(scheduled('s', { triggerState: 'Paused' })), 'paused');
  assert.equal(phaseOfScheduled(scheduled('s', { triggerState: 'Complete' })), undefined);
  assert.equal(clampPercent(140), 100);
  assert.equal(clampPercent(-3), 0);
  assert.equal(clampPercent(undefined), undefined);
});
