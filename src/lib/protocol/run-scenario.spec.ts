import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brokenInvariants } from './invariants';
import { PORTS, RETRIEVAL_PORTS } from './ports';
import { OUTCOME_KINDS } from './result';
import { runScenario } from './run-scenario';
import {
	CERT_STATES,
	CLIENT_SECURITIES,
	CREDENTIALS,
	LISTEN_MODES,
	MTA_STS_MODES,
	ON_PATH_PARTIES,
	PHASES,
	RETRIEVAL_PORTS_OF,
	RETRIEVAL_PROTOCOLS,
	SERVER_ROLES,
	SMTP_PORTS,
	defaultScenario,
	hopsOf,
	validateScenario,
	type Scenario
} from './scenario';
import { parseScenarioQuery, serializeScenario } from './scenario-query';

const bool = fc.boolean();
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const ports = fc.uniqueArray(fc.constantFrom(25, 465, 587, 2525, 993, 143, 995, 110), {
	maxLength: 4
});

/** Random valid scenarios: any combination, then the cross-field rules applied. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
	.record({
		phase: pick(PHASES),
		port: pick(SMTP_PORTS),
		security: pick(CLIENT_SECURITIES),
		validatesCerts: bool,
		credentials: pick(CREDENTIALS),
		role: pick(SERVER_ROLES),
		l25: pick(LISTEN_MODES),
		l465: pick(LISTEN_MODES),
		l587: pick(LISTEN_MODES),
		l2525: pick(LISTEN_MODES),
		starttls: bool,
		tlsBeforeAuth: bool,
		requireTls: bool,
		cert: pick(CERT_STATES),
		requiretls: bool,
		patched: bool,
		mxStarttls: bool,
		mxCert: pick(CERT_STATES),
		mxRequiretls: bool,
		mxPatched: bool,
		recipientLocal: bool,
		blocked: ports,
		mtaBlocked: ports,
		party: pick(ON_PATH_PARTIES),
		hopIndex: fc.nat({ max: 2 }),
		mtaSts: pick(MTA_STS_MODES),
		dane: bool,
		msgRequireTls: bool,
		protocol: pick(RETRIEVAL_PROTOCOLS),
		implicitFetch: bool,
		fetchSecurity: pick(CLIENT_SECURITIES)
	})
	.map((r) => {
		const role = r.phase === 'journey' ? 'submission' : r.role;
		const hops = hopsOf(r.phase);
		const s: Scenario = {
			phase: r.phase,
			port: r.port,
			client: {
				security: r.security,
				validatesCerts: r.validatesCerts,
				credentials: r.credentials
			},
			server: {
				role,
				listen: { 25: r.l25, 465: r.l465, 587: r.l587, 2525: r.l2525 },
				starttls: r.starttls,
				tlsBeforeAuth: r.tlsBeforeAuth,
				requireTls: role === 'mx' ? false : r.requireTls,
				cert: r.cert,
				requiretls: r.requiretls,
				patched: r.patched
			},
			mx: {
				starttls: r.mxStarttls,
				cert: r.mxCert,
				requiretls: r.mxRequiretls,
				patched: r.mxPatched
			},
			recipientLocal: r.recipientLocal,
			network: {
				blocked: [...r.blocked].sort((a, b) => a - b),
				mtaBlocked: [...r.mtaBlocked].sort((a, b) => a - b)
			},
			onPath: { party: r.party, hop: hops[r.hopIndex % hops.length] },
			policy: { mtaSts: r.mtaSts, dane: r.dane, requireTls: r.msgRequireTls },
			retrieval: {
				protocol: r.protocol,
				port: r.implicitFetch
					? RETRIEVAL_PORTS_OF[r.protocol].implicit
					: RETRIEVAL_PORTS_OF[r.protocol].clear,
				security: r.fetchSecurity
			}
		};
		return s;
	});

describe('runScenario on random valid scenarios', () => {
	it('the validator accepts every generated scenario', () => {
		fc.assert(
			fc.property(scenarioArb, (s) => validateScenario(s).length === 0),
			{ numRuns: 2000 }
		);
	});

	it('every run ends in a defined outcome with every invariant holding', () => {
		fc.assert(
			fc.property(scenarioArb, (s) => {
				const r = runScenario(s);
				expect(OUTCOME_KINDS).toContain(r.outcome.kind);
				expect(r.steps.length).toBeGreaterThan(0);
				expect(brokenInvariants(r)).toEqual([]);
			}),
			{ numRuns: 3000 }
		);
	});

	it('the compact form round-trips exactly', () => {
		fc.assert(
			fc.property(scenarioArb, (s) => {
				const q = serializeScenario(s);
				const back = parseScenarioQuery(q);
				expect(back.problems).toEqual([]);
				expect(back.scenario).toEqual(s);
			}),
			{ numRuns: 2000 }
		);
	});

	it('relay to an MX always uses port 25, whatever the submission port', () => {
		fc.assert(
			fc.property(scenarioArb, (s) => {
				for (const step of runScenario(s).steps)
					if (step.from === 'sending-mta' && step.layer === 'TCP')
						expect(step.text).toMatch(/:25\b/);
			}),
			{ numRuns: 500 }
		);
	});
});

describe('runScenario in IMAP and POP3 words', () => {
	it('never explains a retrieval step with SMTP’s replies or commands', () => {
		fc.assert(
			fc.property(scenarioArb, (s) => {
				// Every step from the first of the retrieval on, its time-outs and notes too (they
				// cross no hop, so `hop` is null for them).
				const steps = runScenario(s).steps;
				const from = steps.findIndex((st) => st.hop === 'retrieval');
				if (from < 0) return;
				for (const step of steps.slice(from))
					expect(step.explanation).not.toMatch(/\b(220|250-STARTTLS|EHLO|454)\b/);
			}),
			{ numRuns: 1500 }
		);
	});

	it('cites RFC 8314 §3.1 for POP3 and §3.2 for IMAP when a plaintext client meets an implicit-TLS port', () => {
		for (const [fetch, port, section] of [
			['pop3', 995, '§3.1'],
			['imap', 993, '§3.2']
		] as const) {
			const { scenario, problems } = parseScenarioQuery(
				`phase=receipt&fetch=${fetch}&fetchport=${port}&fetchtls=starttls-required`
			);
			expect(problems).toEqual([]);
			const r = runScenario(scenario);
			expect(r.outcome.kind).toBe('tls-mismatch');
			expect(r.outcome.rfc).toBe(`RFC 8314 ${section}`);
		}
	});
});

describe('runScenario on invalid input', () => {
	it('never throws on anything and always returns a defined outcome', () => {
		fc.assert(
			fc.property(fc.anything(), (x) => {
				const r = runScenario(x as Scenario);
				expect(OUTCOME_KINDS).toContain(r.outcome.kind);
			}),
			{ numRuns: 500 }
		);
	});
});

describe('runScenario facts', () => {
	it('lists the retrieval ports it knows', () => {
		expect(RETRIEVAL_PORTS.map((p) => PORTS[p].protocol)).toEqual(['IMAP', 'IMAP', 'POP3', 'POP3']);
	});

	it('decodes AUTH PLAIN for an observer when it is sent in clear', () => {
		const r = runScenario({
			...defaultScenario,
			client: { ...defaultScenario.client, security: 'none' },
			server: { ...defaultScenario.server, tlsBeforeAuth: false },
			onPath: { party: 'eavesdropper', hop: 'submission' }
		});
		const auth = r.steps.find((s) => s.text.startsWith('AUTH PLAIN'));
		expect(auth?.observer).toBe('AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHMzY3IzdA==');
		expect(auth?.decoded).toBe('\\0alice@example.com\\0s3cr3t');
		expect(r.outcome.kind).toBe('credentials-exposed');
	});

	it('shows an observer of implicit TLS only the ClientHello SNI and record sizes', () => {
		const r = runScenario({
			...defaultScenario,
			port: 465,
			client: { ...defaultScenario.client, security: 'implicit' },
			onPath: { party: 'eavesdropper', hop: 'submission' }
		});
		const seen = r.steps.map((s) => s.observer).filter((o): o is string => o !== null);
		expect(seen).toContain('ClientHello, SNI mail.example.com');
		expect(seen.filter((o) => /^(EHLO|AUTH|MAIL|RCPT|220|250)/.test(o))).toEqual([]);
	});

	it('says EHLO again after STARTTLS and gets no second greeting', () => {
		const r = runScenario(defaultScenario);
		const texts = r.steps.filter((s) => s.layer === 'SMTP').map((s) => s.text.split('\n')[0]);
		const i = texts.indexOf('220 2.0.0 Ready to start TLS');
		expect(texts[i + 1]).toBe('EHLO client.example.net');
		expect(texts.filter((t) => t.startsWith('220 mail.example.com'))).toHaveLength(1);
	});

	it('a message with REQUIRETLS carries it from its submission on, or is not sent at all', () => {
		const journey = (msa: 'yes' | 'no') => {
			const { scenario, problems } = parseScenarioQuery(
				`phase=journey&port=465&tls=implicit&msa-requiretls=${msa}&mx-requiretls=yes&sts=enforce&requiretls=yes`
			);
			expect(problems).toEqual([]);
			return runScenario(scenario);
		};
		const mailFroms = (r: ReturnType<typeof runScenario>) =>
			r.steps.filter((s) => s.text.startsWith('MAIL FROM')).map((s) => `${s.hop}: ${s.text}`);
		expect(mailFroms(journey('yes'))).toEqual([
			'submission: MAIL FROM:<alice@example.com> REQUIRETLS',
			'relay: MAIL FROM:<alice@example.com> REQUIRETLS'
		]);
		// The submission server does not advertise REQUIRETLS: the mail program sends neither its
		// password nor the message, and nothing reaches the relay hop.
		const r = journey('no');
		expect(mailFroms(r)).toEqual([]);
		expect(r.steps.some((s) => s.text.startsWith('AUTH'))).toBe(false);
		expect(r.steps.some((s) => s.hop === 'relay')).toBe(false);
		expect(r.outcome).toMatchObject({ kind: 'tls-failed', fate: 'not-sent', phase: 'submission' });
		expect(r.outcome.rfc).toContain('RFC 8689');
	});

	it('says a password crossed in clear only when one was sent', () => {
		const run = (query: string) => {
			const { scenario, problems } = parseScenarioQuery(query);
			expect(problems).toEqual([]);
			return runScenario(scenario);
		};
		const withPassword = run('tls=none&encrypt=yes');
		expect(withPassword.outcome.detail).toMatch(/already sent its password in clear/);
		expect(withPassword.steps.some((s) => s.explain === 'smtp.must-starttls-password-sent')).toBe(
			true
		);
		const without = run('tls=none&encrypt=yes&pass=none');
		expect(without.steps.some((s) => s.text.startsWith('AUTH'))).toBe(false);
		expect(without.outcome.detail).not.toMatch(/password in clear/);
		expect(without.steps.some((s) => s.explain === 'smtp.must-starttls-password-sent')).toBe(false);
		expect(without.steps.some((s) => s.explain === 'smtp.must-starttls')).toBe(true);
	});

	it('a relay that stops for want of STARTTLS cites the recipient’s policy, not the submission rules', () => {
		for (const policy of ['sts=enforce', 'dane=yes']) {
			const { scenario } = parseScenarioQuery(`phase=relay&mx-starttls=no&${policy}`);
			const r = runScenario(scenario);
			const stop = r.steps.find((s) => s.text === 'No TLS available: stopping');
			expect(stop?.explain).toBe('policy.no-starttls-stop');
			expect(stop?.rfc).not.toMatch(/8314/);
			expect(r.outcome.fate).toBe('deferred');
		}
	});

	it('a sending server blocked on port 25 is told to relay through a smarthost, not to submit', () => {
		const { scenario } = parseScenarioQuery('phase=relay&mtablock=25');
		const r = runScenario(scenario);
		expect(r.outcome.kind).toBe('blocked');
		expect(r.outcome.detail).toMatch(/smarthost/);
		expect(r.outcome.detail).not.toMatch(/submission belongs/);
		expect(r.outcome.rfc).toContain('RFC 8314 §7.3');
	});

	it('says which login leaked the password: AUTH PLAIN in SMTP, AUTHENTICATE PLAIN in IMAP', () => {
		const run = (query: string) => runScenario(parseScenarioQuery(query).scenario).outcome;
		const smtp = run('tls=none&authtls=no&attack=eavesdropper');
		expect(smtp.kind).toBe('credentials-exposed');
		expect(smtp.detail).toMatch(/^An on-path observer read the password: AUTH PLAIN/);
		const imap = run('phase=receipt&fetch=imap&fetchport=143&fetchtls=none&attack=eavesdropper');
		expect(imap.kind).toBe('credentials-exposed');
		expect(imap.detail).toMatch(/AUTHENTICATE PLAIN is only base64/);
		expect(imap.rfc).not.toMatch(/4954/);
	});

	it('keeps commands and replies as separate steps for comparison with real servers', () => {
		const r = runScenario(defaultScenario);
		const order = r.steps.filter((s) => s.kind === 'command').map((s) => s.text.split(' ')[0]);
		expect(order).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
	});
});
