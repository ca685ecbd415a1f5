import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AHEAD_BUDGET_BYTES, fillAheadTaken, setFillAheadBudget, takeFillAhead } from './fill-ahead-budget.js';

test('fill-ahead budget: granted up to the budget, refused past it; each grant given back once', () => {
  assert.equal(AHEAD_BUDGET_BYTES, 16 * 1024 * 1024);
  const prev = setFillAheadBudget(100);
  try {
    const a = takeFillAhead(60);
    const b = takeFillAhead(40);
    assert.ok(a !== undefined && b !== undefined, 'exactly the budget is granted');
    assert.equal(fillAheadTaken(), 100);
    assert.equal(takeFillAhead(1), undefined, 'past the budget: refused, nothing taken');
    assert.equal(fillAheadTaken(), 100);
    a();
    a();
    assert.equal(fillAheadTaken(), 40, 'a second call of the same grant gives nothing back');
    assert.equal(takeFillAhead(61), undefined);
    const c = takeFillAhead(60);
    assert.ok(c !== undefined);
    b();
    c();
    assert.equal(fillAheadTaken(), 0);
  } finally {
    setFillAheadBudget(prev);
  }
});
