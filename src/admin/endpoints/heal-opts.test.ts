import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminError } from '../admin-error.js';
import { parseHealOpts } from './heal-opts.js';

function refusal(body: string): { code: string; status: number } {
  try {
    parseHealOpts(body);
  } catch (err) {
    assert.ok(err instanceof AdminError);
    return { code: err.code, status: err.status };
  }
  assert.fail(`${body} was accepted`);
}

describe('heal start body (madmin.HealOpts)', () => {
  it('reads scanMode: 0 or 1 normal, 2 deep; unknown fields are ignored', () => {
    assert.deepEqual(parseHealOpts('{"recursive":true,"scanMode":2}'), { deep: true });
    assert.deepEqual(parseHealOpts('{"recursive":true,"scanMode":1}'), { deep: false });
    assert.deepEqual(parseHealOpts('{}'), { deep: false });
    assert.deepEqual(parseHealOpts('{"scanMode":0,"dryRun":false,"nolock":true,"pool":null}'), { deep: false });
  });

  it('refuses what is not a JSON object with 400 XMinioRequestBodyParse', () => {
    for (const body of ['', '{', 'null', '[]', '"deep"', '{"recursive":true,}']) {
      assert.deepEqual(refusal(body), { code: 'XMinioRequestBodyParse', status: 400 }, body);
    }
  });

  it('refuses bad values with 400 and options Cairn cannot honour with 501', () => {
    assert.deepEqual(refusal('{"scanMode":3}'), { code: 'XMinioAdminInvalidArgument', status: 400 });
    assert.deepEqual(refusal('{"scanMode":"deep"}'), { code: 'XMinioAdminInvalidArgument', status: 400 });
    assert.deepEqual(refusal('{"recursive":"yes"}'), { code: 'XMinioAdminInvalidArgument', status: 400 });
    assert.deepEqual(refusal('{"dryRun":true}'), { code: 'NotImplemented', status: 501 });
    assert.deepEqual(refusal('{"remove":true}'), { code: 'NotImplemented', status: 501 });
    assert.deepEqual(refusal('{"recursive":false}'), { code: 'NotImplemented', status: 501 });
    assert.deepEqual(refusal('{"scanMode":4}'), { code: 'NotImplemented', status: 501 });
    assert.deepEqual(refusal('{"set":1}'), { code: 'NotImplemented', status: 501 });
  });
});
