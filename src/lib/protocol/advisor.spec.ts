import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	ADVISOR_CASES,
	CAPABILITIES,
	NETWORKS,
	PROVIDERS,
	SENDERS,
	advise,
	defaultSituation,
	parseSituationQuery,
	serializeSituation,
	validateSituation
} from './advisor';

describe('the port advisor agrees with every row of fact sheet §8', () => {
	it('covers all 25 rows', () => {
		expect(ADVISOR_CASES.map((c) => c.row)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
	});

	it.each(ADVISOR_CASES.map((c) => [c.row, c.scenario, c] as const))('row %i: %s', (row, _t, c) => {
		const a = advise(c.situation);
		expect(c.expect).toContainEqual({ port: a.port, mode: a.mode });
		for (const alt of c.alternatives)
			expect(
				a.alternatives.some((x) => x.port === alt.port && (!alt.mode || x.mode === alt.mode))
			).toBe(true);
		if (c.avoid) expect(a.avoid.some((v) => v.what.includes(c.avoid!))).toBe(true);
		if (c.requiretls) expect(a.requiretls).toBe(true);
		expect(a.reasons.length).toBeGreaterThan(0);
		// Every reason names its source: an RFC, the IANA registry, or (for a provider's policy,
		// fact sheet [V]) that provider's documentation.
		for (const r of a.reasons) expect(r.rfc).toMatch(/RFC \d+|IANA|documentation/);
		expect(a.factSheetRow).toBe(row);
	});
});

describe('advisor rules that must never break', () => {
	it('never recommends a port other than 25 for direct delivery to MX hosts', () => {
		for (const network of ['datacenter', 'aws', 'azure-ea', 'lan'] as const) {
			const a = advise({ ...defaultSituation, who: 'mta', network, provider: 'none' });
			expect(a.port).toBe(25);
		}
	});

	it('offers no other port for server-to-server relay to an MX (fact sheet §8 row 13)', () => {
		for (const network of ['datacenter', 'lan'] as const) {
			const a = advise({ ...defaultSituation, who: 'mta', network, provider: 'none' });
			expect(a.alternatives.filter((x) => x.port !== null && x.port !== 25)).toEqual([]);
		}
	});

	it('never recommends submission without TLS over the internet', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('mail-client', 'application') as fc.Arbitrary<
					'mail-client' | 'application'
				>,
				fc.constantFrom(
					'home',
					'hotspot',
					'corporate',
					'aws',
					'gcp',
					'azure'
				) as fc.Arbitrary<'home'>,
				fc.uniqueArray(fc.constantFrom(25, 465, 587, 2525)),
				(who, network, blocked) => {
					const a = advise({ ...defaultSituation, who, network, blocked });
					expect(a.mode).not.toBe('none');
				}
			)
		);
	});

	it('gives each port only its own reasons, and readers the recommendation for IMAP and POP', () => {
		fc.assert(
			fc.property(
				fc.record({
					who: fc.constantFrom(...SENDERS),
					network: fc.constantFrom(...NETWORKS),
					provider: fc.constantFrom(...PROVIDERS),
					can: fc.constantFrom(...CAPABILITIES),
					access: fc.constantFrom('imap' as const, 'pop3' as const),
					blocked: fc.uniqueArray(fc.constantFrom(25, 465, 587, 2525))
				}),
				(pick) => {
					const a = advise({ ...defaultSituation, ...pick });
					const said = a.reasons.map((r) => r.text).join(' ');
					if (a.port !== 587) expect(said).not.toMatch(/^Port 587 starts|\. Port 587 starts/);
					if (a.port !== 2525) expect(said).not.toMatch(/Port 2525 is not an IANA/);
					if ([993, 995, 143, 110].includes(a.port)) {
						expect(said).not.toMatch(/for submission/);
						expect(said).toMatch(/implicit TLS for IMAP and POP/);
					}
				}
			),
			{ numRuns: 800 }
		);
	});

	it('prefers implicit TLS on 465 for a mail program when it can', () => {
		expect(advise(defaultSituation).port).toBe(465);
	});
});

describe('the compact situation form', () => {
	it('round-trips every case', () => {
		for (const c of ADVISOR_CASES) {
			expect(serializeSituation(c.situation)).toBe(c.query);
			expect(parseSituationQuery(c.query)).toEqual({ situation: c.situation, problems: [] });
		}
	});

	it('names a bad key and the accepted values', () => {
		const { problems } = parseSituationQuery('who=robot');
		expect(problems[0].field).toBe('who');
		expect(problems[0].accepted).toContain('mail-client');
	});

	it('returns problems, never throws, for any input', () => {
		fc.assert(fc.property(fc.anything(), (x) => Array.isArray(validateSituation(x))));
		fc.assert(fc.property(fc.string(), (q) => Array.isArray(parseSituationQuery(q).problems)));
	});
});
