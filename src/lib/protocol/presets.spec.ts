import { describe, expect, it } from 'vitest';
import { brokenInvariants } from './invariants';
import { PRESETS } from './presets';
import { OUTCOME_KINDS } from './result';
import { runScenario } from './run-scenario';
import { serializeScenario } from './scenario-query';
import { validateScenario } from './scenario';

describe('presets', () => {
	it('have unique kebab-case ids', () => {
		const ids = PRESETS.map((p) => p.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
	});

	it('are valid scenarios written in their shortest compact form', () => {
		for (const p of PRESETS) {
			expect(validateScenario(p.scenario)).toEqual([]);
			expect(serializeScenario(p.scenario)).toBe(p.query);
		}
	});

	it('together cover every outcome kind the engine can produce', () => {
		const seen = new Set(PRESETS.map((p) => runScenario(p.scenario).outcome.kind));
		expect([...OUTCOME_KINDS].filter((k) => !seen.has(k))).toEqual([]);
	});

	it.each(PRESETS.map((p) => [p.id, p] as const))('%s keeps every invariant', (_id, p) => {
		expect(brokenInvariants(runScenario(p.scenario))).toEqual([]);
	});

	it('give the outcomes their titles promise', () => {
		const kind = (id: string) =>
			runScenario(PRESETS.find((p) => p.id === id)!.scenario).outcome.kind;
		expect(kind('laptop-587-starttls')).toBe('delivered');
		expect(kind('implicit-tls-465')).toBe('delivered');
		expect(kind('isp-blocks-port-25')).toBe('blocked');
		expect(kind('strip-starttls-relay')).toBe('downgraded');
		expect(kind('wrong-tls-mode-587')).toBe('tls-mismatch');
		expect(kind('wrong-tls-mode-465')).toBe('tls-mismatch');
		expect(kind('auth-plain-in-clear-587')).toBe('credentials-exposed');
		expect(kind('relay-denied')).toBe('refused');
		expect(kind('bad-password')).toBe('refused');
		expect(kind('mta-sts-enforce-defers')).toBe('deferred');
		expect(kind('dane-fake-cert-defers')).toBe('deferred');
		expect(kind('requiretls-bounce')).toBe('bounced');
		expect(kind('fake-cert-validated')).toBe('tls-failed');
		expect(kind('command-injection')).toBe('command-injected');
		expect(kind('whole-journey')).toBe('delivered');
	});

	it('quote the reply that decided a refusal', () => {
		const reply = (id: string) =>
			runScenario(PRESETS.find((p) => p.id === id)!.scenario).outcome.reply;
		expect(reply('plaintext-auth-refused-587')).toBe(
			'530 5.7.0 Must issue a STARTTLS command first'
		);
		expect(reply('bad-password')).toBe('535 5.7.8 Authentication credentials invalid');
		expect(reply('relay-denied')).toBe('554 5.7.1 <carol@example.net>: Relay access denied');
		expect(reply('requiretls-bounce')).toBe('550 5.7.30 REQUIRETLS support required');
	});
});
