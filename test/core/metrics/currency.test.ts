/**
 * Money in the scenario's currency: the catalogue writes "£" (the default), a scenario names its
 * own (costs.currency), and every report writes amounts in it. Labels only: no amount changes.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, inCurrency, moneyText, runScenario } from '../../../engine/core/index.ts';
import { currencyOf } from '../../../engine/core/mechanisms/costs.ts';
import { validateDocument, documentOf } from '../../../engine/core/index.ts';

describe('the currency', () => {
  it('writes amounts with a symbol against the number and a code apart from it', () => {
    expect(moneyText(1234.4)).toBe('£1,234');
    expect(moneyText(-40, '$ per case')).toBe('-$40 per case');
    expect(moneyText(12, '€', true)).toBe('+€12');
    expect(moneyText(1200, 'CHF')).toBe('CHF 1,200');
    expect(moneyText(-5, 'SEK per case')).toBe('-SEK 5 per case');
  });

  it("puts a catalogue unit in the scenario's currency, and leaves other units alone", () => {
    expect(inCurrency('£ per case', '€')).toBe('€ per case');
    expect(inCurrency('£', 'CHF')).toBe('CHF');
    expect(inCurrency('share', '€')).toBe('share');
  });

  it('is the default unless the scenario names one; a currency with a space is refused with the fix', () => {
    expect(ScenarioSchema.parse({ name: 'x' }).costs.currency).toBe('£');
    expect(currencyOf({ name: 'x' })).toBe('£');
    expect(currencyOf({ name: 'x', costs: { currency: '$' } })).toBe('$');
    const bad = validateDocument(documentOf({ name: 'x', costs: { currency: 'US dollars' } }, 'x.json'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]).toMatchObject({ path: 'costs.currency' });
  });

  it('labels and converts nothing: a run in another currency gives the same numbers', () => {
    const pounds = runScenario(ScenarioSchema.parse({ name: 'x', time: { weeks: 40, fundingWeeks: 30 }, recruitment: { invitedSites: 4, comparisonSites: 1 } }), { seed: 2 });
    const euros = runScenario(ScenarioSchema.parse({ name: 'x', time: { weeks: 40, fundingWeeks: 30 }, recruitment: { invitedSites: 4, comparisonSites: 1 }, costs: { currency: '€' } }), { seed: 2 });
    expect(euros.summary).toEqual(pounds.summary);
  });
});
