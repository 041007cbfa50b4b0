import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneScenario, defaultScenario, validateScenario } from './scenario';
import { parseScenarioQuery, serializeScenario } from './scenario-query';

describe('validateScenario', () => {
	it('accepts the default scenario', () => {
		expect(validateScenario(defaultScenario)).toEqual([]);
	});

	it('names the field and the accepted values of a bad enum', () => {
		const problems = validateScenario({
			...defaultScenario,
			client: { ...defaultScenario.client, security: 'ssl' }
		});
		expect(problems).toHaveLength(1);
		expect(problems[0].field).toBe('client.security');
		expect(problems[0].accepted).toEqual([
			'none',
			'opportunistic',
			'starttls-required',
			'implicit'
		]);
	});

	it('refuses an MX that requires STARTTLS (RFC 3207 §4)', () => {
		const p = validateScenario({
			...defaultScenario,
			server: { ...defaultScenario.server, role: 'mx', requireTls: true }
		});
		expect(p.map((x) => x.field)).toEqual(['server.requireTls']);
		expect(p[0].message).toContain('RFC 3207 §4');
	});

	it('refuses a retrieval port that does not belong to the protocol', () => {
		const p = validateScenario({
			...defaultScenario,
			retrieval: { protocol: 'pop3', port: 993, security: 'implicit' }
		});
		expect(p[0].field).toBe('retrieval.port');
		expect(p[0].accepted).toEqual(['995', '110']);
	});

	it('refuses an on-path party on a hop the phase does not cross', () => {
		const p = validateScenario({
			...defaultScenario,
			phase: 'relay',
			onPath: { party: 'eavesdropper', hop: 'submission' }
		});
		expect(p[0].field).toBe('onPath.hop');
	});

	it('moves the hop without a word when nobody is on the path', () => {
		const s = cloneScenario(defaultScenario);
		s.phase = 'relay';
		s.onPath = { party: 'none', hop: 'submission' };
		expect(validateScenario(s)).toEqual([]);
	});

	it('returns problems, never throws, for any input', () => {
		fc.assert(
			fc.property(fc.anything(), (x) => {
				const p = validateScenario(x);
				expect(Array.isArray(p)).toBe(true);
			}),
			{ numRuns: 1000 }
		);
	});

	it('finds a problem in every object with one field set to garbage', () => {
		const fields = [
			'phase',
			'port',
			'client',
			'server',
			'mx',
			'network',
			'onPath',
			'policy',
			'retrieval'
		];
		fc.assert(
			fc.property(
				fc.constantFrom(...fields),
				fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
				(f, v) => {
					fc.pre(
						!(f === 'phase' && ['submission', 'relay', 'receipt', 'journey'].includes(v as string))
					);
					fc.pre(!(f === 'port' && [25, 465, 587, 2525].includes(v as number)));
					expect(validateScenario({ ...defaultScenario, [f]: v }).length).toBeGreaterThan(0);
				}
			),
			{ numRuns: 500 }
		);
	});
});

describe('the compact scenario form', () => {
	it('writes the default scenario as an empty string', () => {
		expect(serializeScenario(defaultScenario)).toBe('');
	});

	it('reads the documented example', () => {
		const { scenario, problems } = parseScenarioQuery(
			'phase=submission&port=587&tls=starttls-required&attack=strip-starttls'
		);
		expect(problems).toEqual([]);
		expect(scenario.onPath).toEqual({ party: 'strip-starttls', hop: 'submission' });
		expect(serializeScenario(scenario)).toBe('attack=strip-starttls');
	});

	it('puts the on-path party on the phase’s own hop by default', () => {
		expect(parseScenarioQuery('phase=relay&attack=eavesdropper').scenario.onPath.hop).toBe('relay');
		expect(parseScenarioQuery('phase=receipt&attack=eavesdropper').scenario.onPath.hop).toBe(
			'retrieval'
		);
	});

	it('keeps the nearest valid scenario and names what it ignored', () => {
		const { scenario, problems } = parseScenarioQuery('port=2526&tls=ssl&colour=blue&phase=relay');
		expect(scenario.phase).toBe('relay');
		expect(scenario.port).toBe(587);
		expect(scenario.client.security).toBe('starttls-required');
		expect(problems.map((p) => p.field)).toEqual(['port', 'tls', 'colour']);
		expect(problems[0].accepted).toEqual(['25', '465', '587', '2525']);
	});

	it('accepts a URLSearchParams and a leading question mark', () => {
		expect(parseScenarioQuery(new URLSearchParams('port=465')).scenario.port).toBe(465);
		expect(parseScenarioQuery('?port=465').scenario.port).toBe(465);
	});

	it('reads port lists', () => {
		const { scenario } = parseScenarioQuery('block=587,25');
		expect(scenario.network.blocked).toEqual([25, 587]);
		expect(parseScenarioQuery('block=25,x').problems[0].field).toBe('block');
	});

	it('never throws on arbitrary text', () => {
		fc.assert(
			fc.property(fc.string(), (q) => {
				const r = parseScenarioQuery(q);
				expect(validateScenario(r.scenario)).toEqual([]);
			}),
			{ numRuns: 1000 }
		);
	});
});
