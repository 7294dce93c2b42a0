// Errors reach the user in their language: the client's precise English in English,
// a sentence from kind, code and the server's (already localized) reason in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorText } from '../../shared/i18n/error-text.ts';
import type { ErrorInfo } from '../../shared/domain.ts';

const auth: ErrorInfo = { kind: 'authentication', message: 'IPS rejected the user name or password (10001)', code: 10001, reason: 'Invalid password' };

test('English keeps the client message', () => {
  assert.equal(errorText('en', auth), auth.message);
});

test('Chinese: a rejected sign-in, in words and with its code, no English left', () => {
  assert.equal(errorText('zh-CN', auth), 'IPS 拒绝了用户名或密码（10001）。');
  assert.equal(errorText('zh-TW', auth), 'IPS 拒絕了使用者名稱或密碼（10001）。');
});

test('Chinese: an IPS fault shows the server reason, which IPS wrote in the locale sent to it', () => {
  const fault: ErrorInfo = { kind: 'fault', message: 'IPS could not run stopJob: …', code: 30001, reason: '未知的作业句柄' };
  assert.equal(errorText('zh-CN', fault), 'IPS 报告了错误：未知的作业句柄（30001）。');
});

test('Chinese: missing rights, network, proxy page, timeout, unreadable answer', () => {
  assert.match(errorText('zh-CN', { kind: 'authorization', message: 'x', code: 20003, reason: 'not permitted' }), /无权执行此操作（20003）/);
  assert.equal(errorText('zh-CN', { kind: 'network', message: 'Could not reach IPS for getActiveJobs' }), '无法连接到 IPS。');
  assert.match(errorText('zh-TW', { kind: 'network', message: 'HTTP 502', httpStatus: 502 }), /HTTP 502/);
  assert.equal(errorText('zh-TW', { kind: 'timeout', message: 'timed out' }), 'IPS 沒有及時回應。');
  assert.equal(errorText('zh-CN', { kind: 'malformed', message: 'not XML' }), 'IPS 返回的答复无法读取。');
});

test('our own usage errors keep their wording', () => {
  assert.equal(errorText('zh-CN', { kind: 'usage', message: 'Invalid settings: polling' }), 'Invalid settings: polling');
});
